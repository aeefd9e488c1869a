// Package estimate is napkin's engine: a small language for the
// arithmetic of system design estimates, with real units and ranges.
//
// A [Session] holds one estimate's variables, declared units and previous
// result. [Session.Eval] evaluates one line and [Session.Run] a whole
// file; [Session.RunAll] goes on past errors, as napkin check does. Each
// statement gives a [Result] with its value, display text, kind and
// source, and every error is an [*Error] carrying the line, column and a
// hint. The package prints nothing: estimate/present renders results.
//
// [Session.Compile] turns an estimate into a [Model], compiled once: each
// statement an expr program whose variables and constants are read from
// an environment when it runs. [Model.Run] runs it again, with [Input]
// what-ifs, without parsing or compiling; --set, --vary and
// [Model.Sensitivity] are built on that.
//
// The language is described in language.txt ([LanguageHelp]): numbers
// with scale words (500M, 1.5bn), units with SI and IEC prefixes (1 KB =
// 1000 B, 1 KiB = 1024 B, 1 B = 8 bit), implicit multiplication binding
// tighter than * and / (1 TB / 100 Mbps), compound units (100 MB/s),
// percentages, conversions (-> /s), assignments, unit declarations,
// assertions, and ranges (100M..500M), sampled reproducibly.
//
// Units and constants are data (units.txt, constants.txt), embedded and
// read once. The parser needs no session; names are resolved when a
// statement compiles (names.go), and expr.go says what expr does.
package estimate
