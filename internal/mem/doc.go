// Package mem is the one package that imports unsafe: every other package asks it.
//
// It holds two hints about memory, neither of which changes a value: Huge asks the
// operating system to back a large slice with huge pages (MakeHuge makes one placed so
// that all its huge pages but those at its ends are whole), and Prefetch asks the CPU
// to start loading a cache line that a loop will read a few iterations later
// (prefetch.go; PrefetchOf and PrefetchString for a typed pointer and a string's bytes:
// taking an address reads nothing, so they are safe on any pointer).
// And conversions with a contract: String views a byte slice as a string without a
// copy, for buffers that are never written again while the string is in use; Ref is one
// word pointing at a string's bytes or a value (report's four-word cell holds a text, a
// zone or a large decimal in it), read back as what was stored; SameString and
// StringAddr tell a shared string by identity (a memo of texts), Load64 reads eight
// bytes of a string at once (ref.go). Three for arrays of plain values (reuse.go): Drop
// gives a dead array's pages back to the system before the collector could, Dying does
// so for an array that dies from the front as a pass goes (the replay's sort keys as the
// workers pass them), in whole huge pages, and View lays one such type over another's
// memory (the sort's scratch over the entries' arena, written only after the sort).
//
// A table probed at random (the record_id index of a usage file: 268 MB at 10M records)
// costs a TLB miss and a page walk per probe with 4 KiB pages; with 2 MiB pages the
// walk mostly hits. The Go runtime does not ask for huge pages for the heap, and Linux's
// usual setting ("madvise") gives them only to memory that asks. It changes no value:
// where huge pages are unavailable (another OS, THP "never") it does nothing.
//
// Measured on the project's VM (docs/performance.md), in alternating runs: the record_id
// index (probed at random) and the records (read in nearly replay order after being
// written) cut 10M deduct by 2–4 s; the entries arena and record results a little more.
// There a page fault costs about 10 µs: every array written whole is worth placing on
// huge pages (MakeHuge), which took a 1M-record deduct from 29,000 faults to 14,500.
// Asking for huge pages for the bills of amortize, written once in order and read once,
// made it slower (a huge page is zeroed whole at its first touch), so it is not asked.
//
// runtime.go tunes the garbage collector for a batch run (ConfigureRuntime): pkgctl
// keeps nearly all it allocates until it exits, so collection is left to a memory limit,
// run once between phases (Collect), on again once a replay is amortized (CollectFromNow:
// amortizing makes garbage) and bounded for a command that streams what it makes
// (LimitGarbage).
package mem
