//go:build !linux

package sim

// physicalMemory returns 0 where the machine's memory is not read: the
// budget falls back to an ordinary laptop's.
func physicalMemory() int64 { return 0 }
