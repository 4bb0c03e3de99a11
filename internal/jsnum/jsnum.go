// Package jsnum writes float64 values the way ECMAScript's
// Number.prototype.toString does (the form RFC 8785 and JSON.stringify use),
// without allocating.
package jsnum

import (
	"math"
	"strconv"
)

// MaxLen is the longest text Append can add: a sign, 17 significant digits,
// a decimal point, and up to six leading zeros or a five-character exponent.
const MaxLen = 26

// Append appends the ECMAScript string form of f to dst. f must be finite;
// NaN and infinities are written as JavaScript writes them ("NaN",
// "Infinity", "-Infinity") for completeness.
func Append(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	case f == 0:
		return append(dst, '0') // both +0 and -0
	}
	if f < 0 {
		dst = append(dst, '-')
		f = -f
	}
	// Shortest round-tripping digits, in the form d.ddddde±XX.
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64)
	// Split into digits and exponent.
	var digits [17]byte
	k := 0
	i := 0
	for ; i < len(e) && e[i] != 'e'; i++ {
		if e[i] != '.' {
			digits[k] = e[i]
			k++
		}
	}
	exp := 0
	neg := e[i+1] == '-'
	for j := i + 2; j < len(e); j++ {
		exp = exp*10 + int(e[j]-'0')
	}
	if neg {
		exp = -exp
	}
	n := exp + 1 // the position of the decimal point, as ECMAScript's n
	switch {
	case k <= n && n <= 21:
		dst = append(dst, digits[:k]...)
		for j := 0; j < n-k; j++ {
			dst = append(dst, '0')
		}
	case 0 < n && n <= 21:
		dst = append(dst, digits[:n]...)
		dst = append(dst, '.')
		dst = append(dst, digits[n:k]...)
	case -6 < n && n <= 0:
		dst = append(dst, '0', '.')
		for j := 0; j < -n; j++ {
			dst = append(dst, '0')
		}
		dst = append(dst, digits[:k]...)
	default:
		dst = append(dst, digits[0])
		if k > 1 {
			dst = append(dst, '.')
			dst = append(dst, digits[1:k]...)
		}
		dst = append(dst, 'e')
		if n-1 >= 0 {
			dst = append(dst, '+')
		}
		dst = strconv.AppendInt(dst, int64(n-1), 10)
	}
	return dst
}
