package load

// Package columns (slots of packageSchema).
const (
	pID = iota
	pOrderID
	pOrderTime
	pProduct
	pType
	pItems
	pSpec
	pConfig
	pRegion
	pProject
	pEffective
	pExpiration
	pCapacity
	pUnit
	pResetCycle
	pResetAnchor
	pFee
	pCurrency
	pOrderType
	pOriginal
	pStatus
	pUsed
	pRemaining
	pDestroyed
	pRefund
	pAmortization
	pTags
	pCount
)

var packageSchema = schema{kind: KindPackages, cols: []column{
	pID:           {"package_id", required, []string{"Package ID", "Instance ID", "资源包ID", "Resource Package ID", "资源包实例ID"}},
	pOrderID:      {"order_id", optional, []string{"Order ID", "订单号", "订单ID", "订单编号"}},
	pOrderTime:    {"order_time", optional, []string{"Order time", "订单时间", "下单时间", "购买时间"}},
	pProduct:      {"product", required, aliasProduct},
	pType:         {"package_type", optional, []string{"Resource package type", "资源包类型", "Package Type"}},
	pItems:        {"deductible_items", optional, []string{"Deductible items of resource packages", "可抵扣计费项", "Deductible items", "抵扣计费项"}},
	pSpec:         {"specification", optional, aliasSpec},
	pConfig:       {"configuration", optional, []string{"Resource package configuration", "资源包配置", "Configuration", "配置"}},
	pRegion:       {"region", optional, aliasRegion},
	pProject:      {"enterprise_project", optional, aliasProject},
	pEffective:    {"effective_time", required, []string{"Effective time of resource packages", "生效时间", "Effective time", "Effective Date"}},
	pExpiration:   {"expiration_time", required, []string{"Expiration time of resource packages", "失效时间", "到期时间", "Expiration time", "Expiry time", "Expiration Date"}},
	pCapacity:     {"capacity", required, []string{"Total capacity", "总量", "Capacity", "总容量", "资源包总量"}},
	pUnit:         {"unit", valueOnly, aliasUnit},
	pResetCycle:   {"reset_cycle", optional, []string{"Reset period", "重置周期", "Reset cycle"}},
	pResetAnchor:  {"reset_anchor", optional, []string{"Reset time", "重置时间", "Reset anchor"}},
	pFee:          {"fee", optional, []string{"Amount", "Fee", "Price", "金额", "费用"}},
	pCurrency:     {"currency", optional, aliasCurrency},
	pOrderType:    {"order_type", optional, []string{"Order type", "订单类型"}},
	pOriginal:     {"original_package_id", optional, []string{"Original package ID", "原资源包ID", "Original Instance ID"}},
	pStatus:       {"status", optional, []string{"Resource package status", "状态", "Status", "资源包状态"}},
	pUsed:         {"used", optional, []string{"Usage", "已使用量", "Used", "已用量"}},
	pRemaining:    {"remaining", optional, []string{"Current remaining capacity", "剩余量", "Remaining", "Remaining capacity", "剩余容量"}},
	pDestroyed:    {"destroyed_time", optional, []string{"Destroyed time", "Unsubscribed time", "退订时间", "销毁时间", "Unsubscription time"}},
	pRefund:       {"refund", optional, []string{"Refund", "退款金额", "Refund amount", "退款"}},
	pAmortization: {"amortization", optional, []string{"Amortization method", "摊销方式", "摊销方法"}},
	pTags:         {"tags", optional, aliasTags},
}, times: []int{pOrderTime, pEffective, pExpiration, pResetAnchor, pDestroyed},
	numbers: []int{pCapacity, pFee, pUsed, pRemaining, pRefund}}
