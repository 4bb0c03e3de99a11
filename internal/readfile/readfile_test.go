//go:build unix

package readfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "pool.json")
	if err := os.WriteFile(regular, []byte(`{"a":1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	linkZero := filepath.Join(dir, "zero.json")
	if err := os.Symlink("/dev/zero", linkZero); err != nil {
		t.Fatal(err)
	}
	linkFifo := filepath.Join(dir, "link-fifo.json")
	if err := os.Symlink(fifo, linkFifo); err != nil {
		t.Fatal(err)
	}
	sparse := filepath.Join(dir, "sparse.json")
	if err := os.WriteFile(sparse, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(sparse, 3<<30); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, make([]byte, 101), 0o644); err != nil {
		t.Fatal(err)
	}

	if data, err := Read(regular, 100); err != nil || string(data) != `{"a":1}` {
		t.Errorf("Read(regular) = %q, %v", data, err)
	}
	tests := []struct {
		path, want string
		is         error
	}{
		{fifo, "a named pipe", ErrNotRegular},
		{linkFifo, "a named pipe", ErrNotRegular},
		{"/dev/zero", "a device", ErrNotRegular},
		{linkZero, "a device", ErrNotRegular},
		{dir, "a folder, not a file: name a file in it", ErrNotRegular},
		{sparse, "3221225472 bytes, over the limit of 100 bytes", ErrTooLarge},
		{big, "101 bytes, over the limit of 100 bytes", ErrTooLarge},
	}
	for _, tt := range tests {
		// A FIFO must not block: Read returns at once, without a writer.
		_, err := Read(tt.path, 100)
		if !errors.Is(err, tt.is) {
			t.Errorf("Read(%s) error = %v, want %v", tt.path, err, tt.is)
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Path != tt.path || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Read(%s) error = %q, want it to name the path and say %q", tt.path, err, tt.want)
		}
		if err := Check(tt.path, 100); !errors.Is(err, tt.is) {
			t.Errorf("Check(%s) = %v, want %v", tt.path, err, tt.is)
		}
	}
	if _, err := Read(filepath.Join(dir, "missing.json"), 100); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Read(missing) error = %v, want os.ErrNotExist", err)
	}
}
