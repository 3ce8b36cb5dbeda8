// Package testkit holds the small helpers pkgctl's tests share: the Asia/Shanghai zone
// both consoles use, and times and decimals written as literals. Only _test files import
// it; it panics on a bad literal, which is a bug in the test.
package testkit
