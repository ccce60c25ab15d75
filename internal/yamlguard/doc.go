// Package yamlguard refuses YAML documents that would make a decoder spend
// memory and time out of all proportion to what the project's formats need:
// files too large, collections nested too deep (flow brackets and block
// indentation together), too many nodes, or aliases that expand too far
// ("billion laughs"). It reads the bytes once, before any decoding, keeps no
// more than one indentation column per nesting level, and stops at the first
// limit passed, so a hostile file is refused in microseconds.
//
// The scan is conservative rather than a YAML parser: it skips comments,
// quoted scalars and block scalars (| and >), counts a flow bracket only
// where a value may start (or inside a flow collection), and treats every
// new indentation column as a nesting level. A file it lets through is
// within the limits; a file near a limit may be refused a little early.
package yamlguard
