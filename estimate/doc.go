// Package estimate is napkin's engine: a small language for the
// arithmetic of system design estimates, with real units.
//
// A [Session] holds one estimate's variables, declared units and
// constants. [Session.Eval] evaluates one line, [Session.Run] a whole
// file; each statement gives a [Result] with its value, display text,
// kind and source, and errors are [*Error] values carrying the line,
// column and a hint. The package prints nothing.
//
// The language is described in language.txt ([LanguageHelp]): numbers
// with scale words (500M, 1.5bn), units with SI and IEC prefixes (1 KB =
// 1000 B, 1 KiB = 1024 B, 1 B = 8 bit), implicit multiplication binding
// tighter than * and / (1 TB / 100 Mbps), percentages, conversions
// (-> /s), assignments, unit declarations and assertions.
//
// Units are data: units.txt, embedded and read once. Our own parser turns
// each statement into expr's AST, every operator a call to a registered
// quantity function, and expr type-checks, compiles and runs it.
package estimate
