// Package config is pkgctl's configuration: its keys and defaults (Defaults), the file
// it is read from (ReadFile: --config, else ./pkgctl.yaml, else
// $XDG_CONFIG_HOME/pkgctl/config.yaml; a regular file of at most MaxFileSize bytes,
// its keys unique whatever their case), the PKGCTL_* environment (New: the keys that
// hold one value, EnvKeys; UnknownEnv warns of the other variables), and what the
// values stand for, checked (Load, Config.Resolve: the zone, the money precision, the
// currency, usage_based_from, the input limits; FocusSettings.Resolve: the FOCUS values
// and their defaults). Precedence: defaults < file < environment < flags bound by the
// command line.
//
// A key pkgctl does not know is refused (a typo must not leave money at the default
// precision without a word), as is a blank FOCUS value; every such problem is an *Error,
// marked as bad usage (exit 2) with a hint (rules.md §4.2).
package config
