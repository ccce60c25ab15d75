package yamlguard

import (
	"fmt"
	"unicode/utf8"
)

// Limits bound a YAML document.
type Limits struct {
	MaxBytes int // the file's size
	MaxDepth int // collections nested, block and flow together
	MaxNodes int // list items, mapping keys and flow entries, aliases expanded
}

// Default is the limits every YAML file of the project is read under:
// scenario files and Flee's simsetting.yml need a depth of at most 8 and
// a few thousand nodes (a daily arrival series of 30 years written inline has
// 11,000), and are kilobytes long.
var Default = Limits{MaxBytes: 4 << 20, MaxDepth: 32, MaxNodes: 100_000}

// Error is a limit the document passes, at the place it passes it.
type Error struct {
	Line   int // 1-based; 0 when the limit concerns the whole file (its size)
	Column int // 1-based, in characters
	Msg    string
}

// Error returns "line:column: message", or the message alone without a line.
func (e *Error) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg)
}

// Check scans data and returns an *Error for the first limit it passes, or
// nil. It never decodes, and never panics.
func Check(data []byte, l Limits) error {
	if len(data) > l.MaxBytes {
		return &Error{Msg: fmt.Sprintf("larger than %d bytes (%d), the most a YAML file here may hold", l.MaxBytes, len(data))}
	}
	s := scanner{data: data, lim: l, line: 1, anchors: map[string]*anchor{}}
	s.run()
	if s.err != nil {
		return s.err
	}
	return nil
}

// scanner is the state of one Check.
type scanner struct {
	data      []byte
	lim       Limits
	i         int   // next byte
	line      int   // line of byte i
	lineStart int   // offset of the first byte of the current line
	stack     []int // block indentation columns (0-based), innermost last
	flow      int   // open flow collections
	nodes     int   // nodes seen, aliases expanded
	anchors   map[string]*anchor
	pending   []*anchor // anchors whose node may not have ended
	fresh     *anchor   // an anchor with nothing after it yet on its line
	// valueStart is true where a value may start: after the indentation
	// and sequence dashes of a line, or after a mapping's ':'. Only there
	// does '[' or '{' open a flow collection in block context.
	valueStart bool
	err        *Error
}

func (s *scanner) fail(at int, format string, args ...any) {
	if s.err == nil {
		col := utf8.RuneCount(s.data[s.lineStart:min(at, len(s.data))]) + 1
		s.err = &Error{Line: s.line, Column: col, Msg: fmt.Sprintf(format, args...)}
	}
}

func (s *scanner) depth(at int) {
	if d := len(s.stack) + s.flow; d > s.lim.MaxDepth {
		s.fail(at, "YAML nested more than %d levels deep; the format needs far fewer", s.lim.MaxDepth)
	}
}

func (s *scanner) node(at, n int) {
	s.nodes += n
	if s.nodes > s.lim.MaxNodes {
		s.fail(at, "more than %d YAML nodes (list items, keys, flow entries, aliases expanded)", s.lim.MaxNodes)
	}
}

// anchor is an anchored node: the nodes seen before it, and once its end
// has been seen, its size (aliases in it expanded).
type anchor struct {
	start, size int
	ended       bool
	flow        int  // open flow collections at the anchor
	owner       int  // column of the block node that holds it; -1: none
	openEnded   bool // nothing follows the anchor on its line
}

// maxPending bounds the anchors watched for their end; one dropped from
// the watch counts, conservatively, as everything from it on.
const maxPending = 64

func (s *scanner) addAnchor(name string) {
	a := &anchor{start: s.nodes, flow: s.flow, owner: s.owner(), openEnded: true}
	s.anchors[name] = a
	if len(s.pending) == maxPending {
		s.pending = s.pending[1:]
	}
	s.pending = append(s.pending, a)
	s.fresh = a
}

// end marks the pending anchors for which keep is false as ended.
func (s *scanner) end(keep func(a *anchor) bool) {
	out := s.pending[:0]
	for _, a := range s.pending {
		if keep(a) {
			out = append(out, a)
			continue
		}
		a.ended, a.size = true, s.nodes-a.start
	}
	s.pending = out
}

// owner returns the column of the block node a token at i belongs to: the
// innermost block level, or the one around it when the token begins the
// line's content ("- |", "- &x").
func (s *scanner) owner() int {
	n := len(s.stack)
	if n == 0 {
		return -1
	}
	if s.col() == s.stack[n-1] {
		if n > 1 {
			return s.stack[n-2]
		}
		return -1
	}
	return s.stack[n-1]
}

// alias counts an alias as the nodes of its anchor, or, while the anchored
// node has not visibly ended, as every node from the anchor to here, so that
// nested aliases ("billion laughs") pass the node limit after a few levels
// rather than after a decoder has expanded them.
func (s *scanner) alias(at int, name string) {
	n := 1
	if a, ok := s.anchors[name]; ok {
		n = a.size
		if !a.ended {
			n = s.nodes - a.start
		}
		n = max(1, n)
	}
	if s.nodes+n > s.lim.MaxNodes {
		s.fail(at, "alias *%s expands the document past %d YAML nodes", name, s.lim.MaxNodes)
		return
	}
	s.nodes += n
}

func (s *scanner) at(i int) byte {
	if i < len(s.data) {
		return s.data[i]
	}
	return 0
}

// blank reports whether the byte at i ends a token: space, tab, line break
// or the end of the data.
func (s *scanner) blank(i int) bool {
	switch s.at(i) {
	case ' ', '\t', '\n', '\r', 0:
		return true
	}
	return false
}

// newline steps over a line break at i (\n, \r\n or \r) and starts a line.
func (s *scanner) newline() {
	if s.at(s.i) == '\r' && s.at(s.i+1) == '\n' {
		s.i++
	}
	s.i++
	s.line++
	s.lineStart = s.i
}

func (s *scanner) run() {
	if len(s.data) >= 3 && string(s.data[:3]) == "\xef\xbb\xbf" {
		s.i = 3
	}
	for s.i < len(s.data) && s.err == nil {
		if s.flow == 0 {
			if !s.lineStart0() {
				continue
			}
		}
		s.rest()
	}
}

// lineStart0 handles the start of a line in block context: indentation,
// document markers and sequence dashes. It returns false when it has
// consumed the whole line.
func (s *scanner) lineStart0() bool {
	indent := 0
	for s.at(s.i) == ' ' {
		s.i++
		indent++
	}
	switch c := s.at(s.i); {
	case s.i >= len(s.data):
		return false
	case c == '\n' || c == '\r':
		s.newline()
		return false
	case c == '#':
		s.skipLine()
		return false
	case c == '%' && indent == 0:
		s.skipLine()
		return false
	case indent == 0 && (s.has("---") || s.has("...")) && s.blank(s.i+3):
		s.stack = s.stack[:0]
		s.i += 3
		s.valueStart = true
		return true
	}
	s.fresh = nil
	seqHere := (s.at(s.i) == '-') && s.blank(s.i+1)
	s.end(func(a *anchor) bool {
		return a.flow > 0 || indent > a.owner || indent == a.owner && seqHere && a.openEnded
	})
	s.push(indent)
	s.valueStart = true
	// Compact nesting: "- - - x" or "? - x" opens a level per indicator.
	for c := s.at(s.i); (c == '-' || c == '?') && s.blank(s.i+1) && s.err == nil; c = s.at(s.i) {
		s.node(s.i, 1)
		s.i++
		for s.at(s.i) == ' ' || s.at(s.i) == '\t' {
			s.i++
		}
		if s.blank(s.i) || s.at(s.i) == '#' {
			break
		}
		s.push(s.col())
	}
	return true
}

// col returns byte i's column in bytes, 0-based.
func (s *scanner) col() int { return s.i - s.lineStart }

// push makes column c the innermost block level, closing deeper ones.
func (s *scanner) push(c int) {
	for len(s.stack) > 0 && s.stack[len(s.stack)-1] > c {
		s.stack = s.stack[:len(s.stack)-1]
	}
	if len(s.stack) == 0 || s.stack[len(s.stack)-1] < c {
		s.stack = append(s.stack, c)
		s.depth(s.i)
	}
}

func (s *scanner) has(p string) bool {
	return len(s.data)-s.i >= len(p) && string(s.data[s.i:s.i+len(p)]) == p
}

func (s *scanner) skipLine() {
	for s.i < len(s.data) && s.data[s.i] != '\n' && s.data[s.i] != '\r' {
		s.i++
	}
	if s.i < len(s.data) {
		s.newline()
	}
}

// rest scans the tokens of the rest of the line, and on through line breaks
// while a flow collection is open.
func (s *scanner) rest() {
	tokenStart := true
	for s.i < len(s.data) && s.err == nil {
		c := s.data[s.i]
		switch {
		case c == '\n' || c == '\r':
			s.newline()
			if s.flow == 0 {
				return
			}
			tokenStart = true
			continue
		case c == ' ' || c == '\t':
			s.i++
			tokenStart = true
			continue
		case c == '#' && tokenStart:
			s.skipLine()
			if s.flow == 0 {
				return
			}
			continue
		case (c == '"' || c == '\'') && tokenStart:
			s.quoted(c)
		case (c == '[' || c == '{') && (s.flow > 0 || s.valueStart):
			s.flow++
			s.node(s.i, 1)
			s.depth(s.i)
			s.i++
			s.valueStart = false
			tokenStart = true
			continue
		case (c == ']' || c == '}') && s.flow > 0:
			s.flow--
			s.end(func(a *anchor) bool { return a.flow < s.flow })
			s.i++
		case c == ',' && s.flow > 0:
			s.end(func(a *anchor) bool { return a.flow < s.flow })
			s.node(s.i, 1)
			s.i++
			tokenStart = true
			continue
		case c == ':' && (s.blank(s.i+1) || s.flow > 0 && isFlowIndicator(s.at(s.i+1))):
			s.node(s.i, 1)
			s.i++
			s.valueStart = s.flow == 0
			tokenStart = true
			continue
		case (c == '&' || c == '*' || c == '!') && tokenStart:
			at := s.i
			s.i++
			start := s.i
			for !s.blank(s.i) && !isFlowIndicator(s.at(s.i)) {
				s.i++
			}
			if s.fresh != nil {
				s.fresh.openEnded = false
			}
			switch name := string(s.data[start:s.i]); c {
			case '&':
				s.addAnchor(name)
			case '*':
				s.alias(at, name)
			}
			tokenStart = false
			continue // a value may still start after an anchor or a tag
		case (c == '|' || c == '>') && s.flow == 0 && s.valueStart:
			s.blockScalar()
			return
		default:
			s.i++
		}
		tokenStart = false
		s.valueStart = false
		if s.fresh != nil {
			s.fresh.openEnded = false
			s.fresh = nil
		}
	}
}

func isFlowIndicator(c byte) bool {
	switch c {
	case ',', '[', ']', '{', '}':
		return true
	}
	return false
}

// quoted steps over a quoted scalar starting at i, across line breaks.
func (s *scanner) quoted(q byte) {
	s.i++
	for s.i < len(s.data) {
		switch c := s.data[s.i]; {
		case c == '\\' && q == '"':
			s.i++
			if c := s.at(s.i); c == '\n' || c == '\r' {
				s.newline()
			} else {
				s.i++
			}
		case c == q:
			s.i++
			if q == '\'' && s.at(s.i) == '\'' {
				s.i++
				continue
			}
			return
		case c == '\n' || c == '\r':
			s.newline()
		default:
			s.i++
		}
	}
}

// blockScalar steps over a literal or folded scalar whose indicator is at
// i: the rest of the line, then every line blank or indented deeper than
// the node that holds it. That node is the innermost block level, or the
// one around it when the indicator begins the line's content ("- |").
func (s *scanner) blockScalar() {
	parent := s.owner()
	s.skipLine()
	for s.i < len(s.data) {
		j := s.i
		for s.at(j) == ' ' {
			j++
		}
		if c := s.at(j); j-s.i <= parent && c != '\n' && c != '\r' && j < len(s.data) {
			return
		}
		s.i = j
		s.skipLine()
	}
}
