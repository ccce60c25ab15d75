package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Error is one problem in a scenario file, with its position.
type Error struct {
	File   string
	Line   int // 1-based; 0 when the problem concerns the whole file
	Column int
	Msg    string
}

// Error returns "file:line:column: message".
func (e *Error) Error() string {
	if e.Line == 0 {
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// ErrorList is every problem found in a scenario file, in file order.
type ErrorList []*Error

// Error returns the problems, one per line.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// path is a position in a YAML document: a sequence of mapping keys
// (string) and sequence indices (int). A trailing keyMark step asks for the
// position of the last key itself rather than of its value.
type path []any

type keyMark struct{}

func (p path) key(k string) path { return append(slices.Clone(p), k) }
func (p path) idx(i int) path    { return append(slices.Clone(p), i) }
func (p path) keyItself() path   { return append(slices.Clone(p), keyMark{}) }
func (p path) isKeyItself() bool { return len(p) > 0 && p[len(p)-1] == keyMark{} }
func (p path) withoutMark() path { return p[:len(p)-1] }

// positions finds the line and column of paths in a parsed document.
type positions struct {
	root ast.Node
}

func newPositions(data []byte) (ps *positions) {
	defer func() {
		if recover() != nil { // a parser bug: fall back to positionless errors
			ps = &positions{}
		}
	}()
	f, err := parser.ParseBytes(data, 0)
	if err != nil || f == nil || len(f.Docs) == 0 {
		return &positions{}
	}
	return &positions{root: f.Docs[0].Body}
}

func unwrap(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.TagNode:
			n = v.Value
		case *ast.AnchorNode:
			n = v.Value
		default:
			return n
		}
	}
}

// find returns the line and column of the node at p, or of its nearest
// existing ancestor.
func (ps *positions) find(p path) (line, col int) {
	defer func() {
		if recover() != nil { // a malformed tree: report without a position
			line, col = 0, 0
		}
	}()
	wantKey := p.isKeyItself()
	if wantKey {
		p = p.withoutMark()
	}
	n := ps.root
	var keyNode ast.Node
	best := n
	for _, step := range p {
		if n == nil {
			break
		}
		n = unwrap(n)
		next := ast.Node(nil)
		keyNode = nil
		switch s := step.(type) {
		case string:
			var values []*ast.MappingValueNode
			switch m := n.(type) {
			case *ast.MappingNode:
				values = m.Values
			case *ast.MappingValueNode:
				values = []*ast.MappingValueNode{m}
			}
			for _, mv := range values {
				if k, ok := mv.Key.(ast.Node); ok && keyString(k) == s {
					next, keyNode = mv.Value, k
					break
				}
			}
		case int:
			if sq, ok := n.(*ast.SequenceNode); ok && s < len(sq.Values) {
				next = sq.Values[s]
			}
		}
		if next == nil {
			break
		}
		n = next
		best = n
		if wantKey && keyNode != nil {
			best = keyNode
		}
	}
	if best == nil {
		return 0, 0
	}
	if wantKey && keyNode != nil {
		best = keyNode
	}
	// A mapping's own token is its first ':'; point at its first key instead.
	switch m := unwrap(best).(type) {
	case *ast.MappingNode:
		if len(m.Values) > 0 {
			best = m.Values[0].Key
		}
	case *ast.MappingValueNode:
		best = m.Key
	}
	tk := best.GetToken()
	if tk == nil || tk.Position == nil {
		return 0, 0
	}
	return tk.Position.Line, tk.Position.Column
}

func keyString(k ast.Node) string {
	k = unwrap(k)
	if s, ok := k.(ast.ScalarNode); ok {
		return fmt.Sprint(s.GetValue())
	}
	return k.String()
}

// collector gathers errors with positions.
type collector struct {
	file string
	pos  *positions
	errs ErrorList
}

func (c *collector) add(p path, format string, args ...any) {
	line, col := c.pos.find(p)
	c.errs = append(c.errs, &Error{File: c.file, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)})
}

func (c *collector) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	slices.SortStableFunc(c.errs, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	return c.errs
}
