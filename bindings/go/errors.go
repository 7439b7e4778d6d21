package routecore

/*
#include "routecore.h"
*/
import "C"

import (
	"errors"
	"strconv"
	"strings"
	"unsafe"
)

// ErrClosed is returned by every method of a [Router] after its [Router.Close].
var ErrClosed = errors.New("routecore: router is closed")

// Result is a routecore_result code of the C ABI (ROUTECORE_RESULT_*). The numbers never
// change.
type Result uint32

// The result codes a call can fail with.
const (
	ResultNullParameter    Result = C.ROUTECORE_RESULT_NULL_PARAMETER
	ResultPanic            Result = C.ROUTECORE_RESULT_PANIC
	ResultInvalidUTF8      Result = C.ROUTECORE_RESULT_INVALID_UTF8
	ResultLengthLimit      Result = C.ROUTECORE_RESULT_LENGTH_LIMIT
	ResultInsufficientSize Result = C.ROUTECORE_RESULT_INSUFFICIENT_SIZE
	ResultBuildFailed      Result = C.ROUTECORE_RESULT_BUILD_FAILED
	ResultInvalidArgument  Result = C.ROUTECORE_RESULT_INVALID_ARGUMENT
	ResultNoDecision       Result = C.ROUTECORE_RESULT_NO_DECISION
)

// String is the library's message for the code (routecore_result_message).
func (r Result) String() string {
	var buf [256]byte
	var n C.size_t
	if C.routecore_result_message(C.uint32_t(r), (*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), &n) != C.ROUTECORE_RESULT_OK {
		return "routecore result " + itoa(uint64(r))
	}
	return string(buf[:n])
}

// Error is a failed C ABI call other than a failed build: an input over the ABI's bounds
// ([ResultLengthLimit]), text that is not UTF-8 ([ResultInvalidUTF8]), an argument out of
// range ([ResultInvalidArgument]), or a caught panic ([ResultPanic]).
type Error struct {
	Op   string // what was being done, e.g. "match" or "add route /x"
	Code Result
}

func (e *Error) Error() string { return "routecore: " + e.Op + ": " + e.Code.String() }

// BuildError is a router that did not build: a bad pattern, conflicting routes, an invalid
// routecore.json, a missing project. Messages holds every error routecore found, each naming
// the offending pattern, file or JSON path.
type BuildError struct {
	Messages []string
}

func (e *BuildError) Error() string {
	switch len(e.Messages) {
	case 0:
		return "routecore: build failed"
	case 1:
		return "routecore: build failed: " + e.Messages[0]
	}
	return "routecore: build failed with " + itoa(uint64(len(e.Messages))) + " errors:\n\t" +
		strings.Join(e.Messages, "\n\t")
}

// buildError turns a build function's result into a Go error, reading every message from errs.
func buildError(op string, res C.routecore_result, errs *C.routecore_errors) error {
	if res == C.ROUTECORE_RESULT_OK {
		return nil
	}
	if res != C.ROUTECORE_RESULT_BUILD_FAILED {
		return &Error{Op: op, Code: Result(res)}
	}
	n := int(C.routecore_errors_count(errs))
	be := &BuildError{Messages: make([]string, n)}
	for i := range n {
		be.Messages[i] = goString(C.routecore_errors_message(errs, C.size_t(i)))
	}
	return be
}

func itoa(v uint64) string { return strconv.FormatUint(v, 10) }

// goString copies a view out of routecore's memory.
func goString(s C.routecore_str) string {
	if s.ptr == nil || s.len == 0 {
		return ""
	}
	return C.GoStringN(s.ptr, C.int(s.len))
}
