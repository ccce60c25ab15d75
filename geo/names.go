package geo

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// foldSpecial maps letters that Unicode does not decompose into a base letter
// and a combining mark.
var foldSpecial = strings.NewReplacer(
	"đ", "d", "Đ", "d", "ł", "l", "Ł", "l", "ø", "o", "Ø", "o",
	"ß", "ss", "æ", "ae", "Æ", "ae", "ı", "i", "ħ", "h",
)

// Fold returns the form of a place name used for look-ups: lower case, without
// diacritics (Preševo → presevo, Đevđelija → devdelija, Röszke → roszke), with
// every run of characters other than letters and digits turned into one space.
func Fold(s string) string {
	s = foldSpecial.Replace(s)
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)))
	s, _, err := transform.String(t, s)
	if err != nil {
		// transform.String only fails on invalid transformers; the chain is fixed.
		panic(err)
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		space = true
	}
	return b.String()
}

// UnknownError reports a name or id that the network does not know, with the
// closest known names.
type UnknownError struct {
	What        string   // "place" or "crossing"
	Query       string   // what was asked for
	Suggestions []string // the closest known names or ids, best first
}

// Error returns the message with the suggestions.
func (e *UnknownError) Error() string {
	msg := fmt.Sprintf("unknown %s %q", e.What, e.Query)
	if len(e.Suggestions) > 0 {
		q := make([]string, len(e.Suggestions))
		for i, s := range e.Suggestions {
			q[i] = fmt.Sprintf("%q", s)
		}
		msg += "; did you mean " + strings.Join(q, ", ") + "?"
	}
	return msg
}

// AmbiguousError reports a name shared by several nodes.
type AmbiguousError struct {
	Query string
	IDs   []string // the ids of the nodes of that name
}

// Error returns the message with the ids to choose from.
func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("place name %q is ambiguous: use one of the ids %s", e.Query, strings.Join(e.IDs, ", "))
}

// Lookup finds a node by id or by name. Names are compared folded (see Fold),
// so "Presevo" finds "Preševo". A name that several nodes share resolves to
// the only one of kind Town if there is one, else it is an *AmbiguousError.
// An unknown name is an *UnknownError with suggestions.
func (n *Network) Lookup(q string) (NodeID, error) {
	if v, ok := n.byID[q]; ok {
		return v, nil
	}
	key := Fold(q)
	cands := n.byName[key]
	if len(cands) == 0 {
		if v, ok := n.byID[Slug(q)]; ok {
			return v, nil
		}
	}
	switch len(cands) {
	case 0:
		return None, &UnknownError{What: "place", Query: q, Suggestions: n.suggestPlaces(key, 3)}
	case 1:
		return cands[0], nil
	}
	var towns []NodeID
	for _, v := range cands {
		if n.nodes[v].Kind == Town {
			towns = append(towns, v)
		}
	}
	if len(towns) == 1 {
		return towns[0], nil
	}
	ids := make([]string, len(cands))
	for i, v := range cands {
		ids[i] = n.nodes[v].ID
	}
	return None, &AmbiguousError{Query: q, IDs: ids}
}

// LookupCrossing finds a crossing by id, or by its name folded.
func (n *Network) LookupCrossing(q string) (CrossingID, error) {
	if c, ok := n.crossingID[q]; ok {
		return c, nil
	}
	key := Fold(q)
	for i, c := range n.crossings {
		if Fold(c.Name) == key || Fold(c.ID) == key {
			return CrossingID(i), nil
		}
	}
	names := make([]string, 0, 2*len(n.crossings))
	for _, c := range n.crossings {
		names = append(names, c.ID)
	}
	return None, &UnknownError{What: "crossing", Query: q, Suggestions: closest(key, names, 3)}
}

// suggestPlaces returns up to k names of nodes closest to the folded query.
// It runs only on the error path, so a scan over the names is acceptable.
func (n *Network) suggestPlaces(key string, k int) []string {
	names := make([]string, 0, len(n.byName))
	for i := range n.nodes {
		names = append(names, n.nodes[i].Name)
		names = append(names, n.nodes[i].Aliases...)
		names = append(names, n.nodes[i].ID)
	}
	return closest(key, names, k)
}

// closest returns up to k distinct candidates nearest to the folded key by
// edit distance between folded forms, ignoring those too far to be a typo
// and those clearly worse than the best.
func closest(key string, candidates []string, k int) []string {
	type scored struct {
		name, folded string
		d            int
	}
	var all []scored
	seen := map[string]bool{}
	for _, c := range candidates {
		f := Fold(c)
		if seen[f] {
			continue
		}
		seen[f] = true
		d := editDistance(key, f)
		if strings.HasPrefix(f, key) && key != "" {
			d = min(d, 1)
		}
		if d <= max(2, len([]rune(key))/2) {
			all = append(all, scored{c, f, d})
		}
	}
	slices.SortStableFunc(all, func(a, b scored) int {
		return cmp.Or(cmp.Compare(a.d, b.d), strings.Compare(a.folded, b.folded))
	})
	out := []string{}
	for i := 0; i < len(all) && i < k && all[i].d <= all[0].d+1; i++ {
		out = append(out, all[i].name)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, over runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Suggest returns up to k of the candidates closest to query, compared
// folded (see Fold) by edit distance, leaving out those too far from it to
// be a slip of the keyboard. It is meant for error messages.
func Suggest(query string, candidates []string, k int) []string {
	return closest(Fold(query), candidates, k)
}
