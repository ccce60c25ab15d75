package geo

// minHeap is an indexed 4-ary min-heap of nodes keyed by distance, with
// decrease-key. pos[v] is v's index in items, or -1 when v is not queued.
// A 4-ary heap halves the depth of a binary one and keeps a node's children
// in one cache line, which is what makes one-to-all searches on million-node
// graphs fast.
type minHeap struct {
	items []NodeID
	keys  []float64 // keys[v] for queued v, indexed by node
	pos   []int32
}

func newMinHeap(n int) *minHeap {
	h := &minHeap{keys: make([]float64, n), pos: make([]int32, n)}
	for i := range h.pos {
		h.pos[i] = -1
	}
	return h
}

func (h *minHeap) len() int { return len(h.items) }

// push inserts v with key k, or lowers v's key to k if v is queued with a larger one.
func (h *minHeap) push(v NodeID, k float64) {
	if p := h.pos[v]; p >= 0 {
		if k < h.keys[v] {
			h.keys[v] = k
			h.up(int(p))
		}
		return
	}
	h.keys[v] = k
	h.items = append(h.items, v)
	h.pos[v] = int32(len(h.items) - 1)
	h.up(len(h.items) - 1)
}

// pop removes and returns the node with the smallest key (ties: lower id).
func (h *minHeap) pop() NodeID {
	v := h.items[0]
	last := len(h.items) - 1
	h.items[0] = h.items[last]
	h.pos[h.items[0]] = 0
	h.items = h.items[:last]
	h.pos[v] = -1
	if last > 0 {
		h.down(0)
	}
	return v
}

func (h *minHeap) less(a, b NodeID) bool {
	ka, kb := h.keys[a], h.keys[b]
	return ka < kb || (ka == kb && a < b)
}

func (h *minHeap) up(i int) {
	v := h.items[i]
	for i > 0 {
		p := (i - 1) / 4
		u := h.items[p]
		if !h.less(v, u) {
			break
		}
		h.items[i] = u
		h.pos[u] = int32(i)
		i = p
	}
	h.items[i] = v
	h.pos[v] = int32(i)
}

func (h *minHeap) down(i int) {
	v := h.items[i]
	n := len(h.items)
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		best := c
		end := min(c+4, n)
		for j := c + 1; j < end; j++ {
			if h.less(h.items[j], h.items[best]) {
				best = j
			}
		}
		u := h.items[best]
		if !h.less(u, v) {
			break
		}
		h.items[i] = u
		h.pos[u] = int32(i)
		i = best
	}
	h.items[i] = v
	h.pos[v] = int32(i)
}
