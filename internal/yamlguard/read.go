package yamlguard

import (
	"fmt"
	"io"
	"os"
)

// ReadFile reads a YAML file, at most one byte past l.MaxBytes, so that
// a file far too large is never read whole: Check then refuses it by
// its size.
func ReadFile(path string, l Limits) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(l.MaxBytes)+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, nil
}
