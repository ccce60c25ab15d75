package fleemodel

// cohortSet is a list of cohorts with distinct keys: add merges a cohort
// into the one of its key, in a hash table of indices into list. Its zero
// value is ready to use after reset.
type cohortSet struct {
	list  []cohort
	table []int32 // indices into list by hash, −1 empty; half full at most
	mask  uint64
}

// reset empties the set, with room in its table for about hint keys.
// The table is sized by the keys expected, not by the cohorts that will
// be added (many times more), so that it stays in cache.
func (s *cohortSet) reset(hint int) {
	size := 1024
	for size < 2*hint {
		size *= 2
	}
	s.list = s.list[:0]
	s.clear(size)
}

// clear empties the table, with size slots.
func (s *cohortSet) clear(size int) {
	if cap(s.table) < size {
		s.table = make([]int32, size)
	}
	s.table = s.table[:size]
	for i := range s.table {
		s.table[i] = -1
	}
	s.mask = uint64(size - 1)
}

// add adds c, whose key has hash h, to the cohort of its key, or appends
// it as a new one; it reports whether c is new.
func (s *cohortSet) add(c cohort, h uint64) bool {
	for i := h & s.mask; ; i = (i + 1) & s.mask {
		j := s.table[i]
		if j < 0 {
			s.table[i] = int32(len(s.list))
			s.list = append(s.list, c)
			if 2*len(s.list) > len(s.table) {
				s.grow()
			}
			return true
		}
		if s.list[j].k == c.k {
			s.list[j].n += c.n
			return false
		}
	}
}

// grow doubles the table and puts the keys back.
func (s *cohortSet) grow() {
	s.clear(2 * len(s.table))
	for j, c := range s.list {
		i := c.k.hash() & s.mask
		for s.table[i] >= 0 {
			i = (i + 1) & s.mask
		}
		s.table[i] = int32(j)
	}
}
