package validate

import (
	"errors"

	"github.com/rolemapping/rolemapping/rolemap"
)

// FieldError is one violation of rolemap/REFERENCE.md §2: the path of the
// field in the reference's path syntax (rolemap/REFERENCE.md §2), the
// sentinel it wraps ([ErrMissing], [ErrInvalidValue] or [ErrOverLimit])
// and the violated constraint in words. It is
// [rolemap.FieldError], so errors.As works with either package's name.
type FieldError = rolemap.FieldError

// ValidationError holds every violation of a pool, sorted by path. It is
// [rolemap.ValidationError].
type ValidationError = rolemap.ValidationError

// Sentinels of a [FieldError], for errors.Is. They are rolemap's sentinels,
// so errors.Is(err, validate.ErrMissing) and errors.Is(err,
// rolemap.ErrMissing) agree.
var (
	// ErrMissing: a required member is absent or empty.
	ErrMissing = rolemap.ErrMissing
	// ErrInvalidValue: a member has a value AWS does not accept.
	ErrInvalidValue = rolemap.ErrInvalidValue
	// ErrOverLimit: a collection holds more entries than AWS allows.
	ErrOverLimit = rolemap.ErrOverLimit
)

// Pool checks p against every constraint of rolemap/REFERENCE.md §2 and returns nil, or a
// [*ValidationError] listing every violation sorted by path. The options are
// [rolemap.Compile]'s: [rolemap.WithMaxRules] raises the rules-per-mapping
// quota; an invalid option is an error that is not a ValidationError.
//
// Pool is exactly the check [rolemap.Compile] makes: a pool Pool accepts
// compiles, and a pool it rejects does not.
func Pool(p rolemap.Pool, opts ...rolemap.Option) error {
	_, err := compile(p, opts...)
	return err
}

// Errors returns the field errors err holds, in order: those of a
// [*ValidationError], or a lone [*FieldError] (as [rolemap.ParsePool]
// returns for a member of the wrong JSON type). It returns nil for nil and
// for any other error.
func Errors(err error) []*FieldError {
	var ve *ValidationError
	if errors.As(err, &ve) {
		return ve.Errors
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		return []*FieldError{fe}
	}
	return nil
}
