// Package readfile reads the files a user points rolemap at (pool
// documents, templates, plans, case files and their sources, configs,
// claims, tokens) safely: only regular files, symbolic links resolved first,
// through a size limit checked before a byte is decoded. A named pipe, a
// device such as /dev/zero, a socket or a folder is refused with an error
// that says what to do instead, without blocking: the file is opened
// non-blocking and checked again once open, so a pipe put in its place
// between the check and the open is refused too.
package readfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"sync/atomic"
)

// ErrNotRegular is the error, under errors.Is, for a path that is not a
// regular file (a folder, a named pipe, a device, a socket).
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is the error, under errors.Is, for a file over the limit.
var ErrTooLarge = errors.New("file too large")

// Error is Read's error for a file it refuses.
type Error struct {
	Path string
	// What the path is: "a folder", "a named pipe", "a device", "a
	// socket", "not a regular file", or, for ErrTooLarge, its size.
	What string
	// Next says what to do instead.
	Next string
	Err  error // ErrNotRegular or ErrTooLarge
}

// Error says what the path is and what to do instead.
func (e *Error) Error() string { return e.Path + ": " + e.What + ": " + e.Next }

// Unwrap returns ErrNotRegular or ErrTooLarge.
func (e *Error) Unwrap() error { return e.Err }

// Read returns the contents of the regular file at path, of at most limit
// bytes. It refuses anything else with an *Error (ErrNotRegular,
// ErrTooLarge) and never blocks on a named pipe; other failures are
// "PATH: ERROR" wrapping os.Open's or os.Stat's cause (fs.ErrNotExist…).
func Read(path string, limit int64) ([]byte, error) {
	reads.Add(1)
	info, err := os.Stat(path) // follows symbolic links
	if err != nil {
		return nil, plain(err)
	}
	if err := check(path, info, limit); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, plain(err)
	}
	defer f.Close()
	// What was opened may not be what was checked.
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := check(path, info, limit); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		// The file grew after the check.
		return nil, tooLarge(path, int64(len(data)), limit)
	}
	return data, nil
}

// reads counts the calls of Read.
var reads atomic.Int64

// Reads returns how many files Read has been asked to read, for the tests
// that hold a command run to one read per file.
func Reads() int64 { return reads.Load() }

// Check refuses, with Read's errors, a path that is not a regular file of
// at most limit bytes, without opening it.
func Check(path string, limit int64) error {
	info, err := os.Stat(path)
	if err != nil {
		return plain(err)
	}
	return check(path, info, limit)
}

// plain writes an *fs.PathError as "PATH: ERROR", without the operation
// ("stat", "open"), which tells a user nothing; errors.Is still sees the
// cause (fs.ErrNotExist, fs.ErrPermission).
func plain(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

func check(path string, info fs.FileInfo, limit int64) error {
	m := info.Mode()
	if m.IsRegular() {
		if info.Size() > limit {
			return tooLarge(path, info.Size(), limit)
		}
		return nil
	}
	const next = "rolemap reads only regular files; save the content to a file and name that file"
	e := &Error{Path: path, What: "not a regular file", Next: next, Err: ErrNotRegular}
	switch {
	case m.IsDir():
		e.What, e.Next = "a folder, not a file", "name a file in it"
	case m&fs.ModeNamedPipe != 0:
		e.What = "a named pipe, not a regular file"
		e.Next = next + " (or pipe it to standard input and name -, where the command reads it)"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		e.What = "a device, not a regular file"
	case m&fs.ModeSocket != 0:
		e.What = "a socket, not a regular file"
	}
	return e
}

func tooLarge(path string, size, limit int64) error {
	return &Error{Path: path, What: fmt.Sprintf("%s bytes, over the limit of %s", strconv.FormatInt(size, 10), human(limit)),
		Next: "rolemap reads inputs of at most that size; check that this is the file you meant", Err: ErrTooLarge}
}

// human writes a limit in MiB when it is a whole number of them.
func human(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
