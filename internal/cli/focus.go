package cli

import (
	"github.com/spf13/cobra"
)

// focusFlags are amortize's flags for the focus keys, by flag name.
var focusFlags = []struct{ flag, key, usage string }{
	{"provider", "focus.provider", "FOCUS ProviderName (default: told from the products, see docs/focus.md)"},
	{"publisher", "focus.publisher", "FOCUS PublisherName (default: the provider)"},
	{"invoice-issuer", "focus.invoice_issuer", "FOCUS InvoiceIssuerName (default: the provider)"},
	{"billing-account-id", "focus.billing_account_id", "FOCUS BillingAccountId (required for focus output)"},
	{"billing-account-name", "focus.billing_account_name", "FOCUS BillingAccountName (default: the account id)"},
}

// sampleAccount is the billing account of the embedded sample's FOCUS output.
const sampleAccount = "pkgctl-sample"

func addFocusFlags(cmd *cobra.Command) {
	for _, f := range focusFlags {
		cmd.Flags().String(f.flag, "", f.usage)
	}
}
