package geo

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxIDLen is the longest node or crossing id, in bytes.
const MaxIDLen = 64

// The bounds on the numbers of a network, checked by Builder.Build and Decode.
const (
	// MaxEdgeKm is the longest edge: no road segment between two places of
	// one network is longer.
	MaxEdgeKm Km = 5000
	// MaxCapacity is the most places a centre may have.
	MaxCapacity = 10_000_000
)

// idRule says what CheckID accepts, for error messages.
const idRule = "1 to 64 ASCII letters, digits, '_', '.' or '-', the first a letter or digit"

// CheckID reports whether id may name a node or a crossing: 1 to MaxIDLen
// ASCII letters, digits, '_', '.' and '-', the first a letter or digit. Ids
// appear unquoted in CSV tables and command lines, so nothing else is
// allowed (no spaces, quotes, commas, or a leading '=', '+', '-' or '@' that
// a spreadsheet would take for a formula). The error quotes the id and says
// what was expected.
func CheckID(id string) error {
	if id == "" {
		return fmt.Errorf("empty id (want %s)", idRule)
	}
	if len(id) > MaxIDLen {
		return fmt.Errorf("id %q is %d bytes long (want %s)", trimForError(id), len(id), idRule)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		alnum := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		if alnum || i > 0 && (c == '_' || c == '.' || c == '-') {
			continue
		}
		r, size := utf8.DecodeRuneInString(id[i:])
		bad := strconv.QuoteRune(r)
		if r == utf8.RuneError && size == 1 {
			bad = fmt.Sprintf("byte %#x", c)
		}
		return fmt.Errorf("id %q: %s at byte %d is not allowed (want %s)", id, bad, i, idRule)
	}
	return nil
}

// trimForError shortens s for an error message.
func trimForError(s string) string {
	const n = 40
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// checkText reports a free-text field (a name, a source) that is not valid
// UTF-8 or holds a control character (a tab, a line break, an escape).
func checkText(field, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s %q is not valid UTF-8", field, trimForError(s))
	}
	for i, r := range s {
		if unicode.IsControl(r) {
			return fmt.Errorf("%s %q: control character %q at byte %d (want text without tabs, line breaks or other control characters)", field, trimForError(s), r, i)
		}
	}
	return nil
}

// translit spells the Cyrillic and Greek letters that Fold leaves in Latin
// letters (Serbian and Macedonian Cyrillic as their Latin alphabets do,
// without diacritics; Greek after ELOT 743), for Slug.
var translit = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'ђ': "dj", 'е': "e", 'ж': "z",
	'з': "z", 'и': "i", 'ј': "j", 'к': "k", 'л': "l", 'љ': "lj", 'м': "m", 'н': "n",
	'њ': "nj", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'ћ': "c", 'у': "u",
	'ф': "f", 'х': "h", 'ц': "c", 'ч': "c", 'џ': "dz", 'ш': "s", 'ѓ': "gj", 'ќ': "kj",
	'ѕ': "dz", 'й': "j", 'щ': "sht", 'ъ': "a", 'ы': "y", 'ь': "", 'э': "e", 'ю': "ju",
	'я': "ja", 'є': "je", 'і': "i", 'ї': "ji", 'ґ': "g",
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th",
	'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p",
	'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps",
	'ω': "o",
}

// Slug returns an id that CheckID accepts derived from a name, or "" when the
// name has no letters or digits. It is Fold's form with spaces turned into
// hyphens ("Fassala Mbera" → "fassala-mbera", "Preševo" → "presevo"),
// Cyrillic and Greek letters spelt in Latin ("Хоргош" → "horgos"), any other
// letter or digit written as x and its hexadecimal code point ("多" →
// "x591a"). A slug longer than MaxIDLen is cut and ends in a hyphen and eight
// hexadecimal digits of a hash of the whole, so that it stays deterministic
// and long names that share a beginning still differ. Different names can
// give one slug ("Kidal", "KIDAL"): callers must check for duplicates.
func Slug(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range Fold(name) {
		var s string
		switch {
		case r == ' ':
			hyphen = true
			continue
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			s = string(r)
		default:
			t, ok := translit[r]
			if !ok {
				t = fmt.Sprintf("x%x", r)
			}
			s = t
		}
		if s == "" {
			continue
		}
		if hyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteString(s)
	}
	slug := b.String()
	if len(slug) <= MaxIDLen {
		return slug
	}
	h := fnv.New32a()
	h.Write([]byte(slug))
	cut := strings.TrimRight(slug[:MaxIDLen-9], "-")
	return fmt.Sprintf("%s-%08x", cut, h.Sum32())
}
