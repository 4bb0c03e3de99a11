package input

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/readfile"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/casefile"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// A Loader reads inputs: what every input of a run shares. Its zero value
// reads files from disk, tells each file's kind from its shape, and adds
// nothing to what a file says. A Loader keeps the files of Roles and
// UserPools once read, and the bindings once asked: use one per run, from
// one goroutine.
type Loader struct {
	// Kind forces what the inputs are; "" or Auto tells each from its
	// shape (Detect).
	Kind Kind
	// Bindings returns the values of what a template or plan cannot know
	// (a Ref, an attribute, a parameter, AWS::Region…), by name. It is
	// called once, on the first template or plan; nil binds nothing.
	Bindings func() (map[string]string, error)
	// Roles names a file of trust policies (aws iam get-role or
	// list-roles output, or {ARN: {"AssumeRolePolicyDocument": …}}): it
	// turns the trust check on, and its policies win over a file's.
	Roles string
	// UserPools are files of user pools' groups and users ({"Groups":
	// list-groups output, "Users": {name: [group…]}}), by user pool ID:
	// each wins over a file's user pool of that ID, a later one over an
	// earlier one.
	UserPools []UserPoolFile
	// Stdin is what the name "-" reads; nil is empty.
	Stdin io.Reader
	// Files are contents given as bytes, by the name Load, Roles and
	// UserPools use for them; any other name is read from disk.
	Files map[string][]byte

	read     map[string]File // the files of Roles and UserPools
	bindings map[string]string
	bindErr  error
	bound    bool
	extra    *credentials.Deployment // what Roles and UserPools give
	extraErr error
	parsed   bool
}

// UserPoolFile is a file of a user pool's groups and users, and the user
// pool's ID.
type UserPoolFile struct{ ID, Path string }

// Pool is one pool of an input.
type Pool struct {
	// Name names the pool inside a template or plan (its logical ID, its
	// resource address); "" for a pool document.
	Name string
	Pool rolemap.Pool
}

// Loaded is an input read: its file, what it is, its pools and where each
// path of them is in the file.
type Loaded struct {
	File
	Kind Kind
	// Pools are the input's pools, sorted by name.
	Pools []Pool
	// Result is a template's or plan's import, nil for a pool document:
	// the bindings it used, the placeholders it made up, the values it
	// inferred, and where each pool's paths are in the file (Origin).
	Result *iac.Result

	doc   *credentials.Deployment // a pool or deployment document's
	ld    *Loader
	creds *credentials.Deployment
	err   error
}

// file returns the contents of name: given, or read (with the size limit
// of Read) once per Loader.
func (ld *Loader) file(name string, keep bool) (File, error) {
	if f, ok := ld.read[name]; ok {
		return f, nil
	}
	var f File
	if data, ok := ld.Files[name]; ok {
		if int64(len(data)) > MaxSize {
			return File{}, &Error{Path: name, Err: readfile.ErrTooLarge,
				Lines: []string{fmt.Sprintf("%s: %d bytes, over the limit of %d bytes that rolemap reads", name, len(data), MaxSize)}}
		}
		f = File{Name: name, Data: data}
	} else {
		var err error
		if f, err = Read(name, ld.Stdin, MaxSize); err != nil {
			return File{}, err
		}
	}
	if keep {
		if ld.read == nil {
			ld.read = map[string]File{}
		}
		ld.read[name] = f
	}
	return f, nil
}

// Load reads the input at path ("-": Stdin) and its pools: it reads the
// file once, tells what it is (or takes ld.Kind), and decodes it once. An
// error is an *Error naming the file and, where it can, the line and
// column of each problem.
func (ld *Loader) Load(path string) (*Loaded, error) {
	if r, ok := pathReaderFor(path, ld.Kind); ok && ld.Files[path] == nil {
		return ld.loadPath(r, path)
	}
	f, err := ld.file(path, false)
	if err != nil {
		return nil, err
	}
	kind, raw, err := detect(f, ld.Kind)
	if err != nil {
		return nil, err
	}
	l := &Loaded{File: f, Kind: kind, ld: ld}
	if kind == PoolDocument {
		// A pool document, or a deployment document (a pool document with
		// its roles' trust policies and its user pools, as rolemap import
		// writes it): one decode of the pool, its members read from the
		// members detect decoded.
		var p rolemap.Pool
		err := p.UnmarshalJSON(f.Data)
		if err == nil {
			l.doc, err = casefile.DeploymentOf(p, raw["roles"], raw["userPools"])
		}
		if err != nil {
			var fe *rolemap.FieldError
			if errors.As(err, &fe) {
				// Placed from its steps, never from its printed text.
				return nil, f.errorAt(f.rangeOf(fe.At), "%v", err)
			}
			return nil, f.errorAt(f.whole(), "%v", err)
		}
		l.Pools = []Pool{{Pool: p}}
		return l, nil
	}
	opts, err := ld.importOptions()
	if err != nil {
		return nil, err
	}
	if kind == CloudFormation {
		l.Result, err = iac.CloudFormation(f.Data, opts...)
	} else {
		l.Result, err = iac.Terraform(f.Data, opts...)
	}
	if err != nil {
		return nil, importError(f, err)
	}
	l.pools()
	return l, nil
}

// loadPath reads the input at path with the registered reader of Terraform configuration.
func (ld *Loader) loadPath(r pathReader, path string) (*Loaded, error) {
	opts, err := ld.importOptions()
	if err != nil {
		return nil, err
	}
	f := File{Name: path}
	l := &Loaded{File: f, Kind: r.kind, ld: ld}
	if l.Result, err = r.read(path, opts...); err != nil {
		return nil, importError(f, err)
	}
	l.pools()
	return l, nil
}

// importOptions are the options of an import: the bindings.
func (ld *Loader) importOptions() ([]iac.Option, error) {
	bindings, err := ld.bind()
	if err != nil {
		return nil, err
	}
	return []iac.Option{iac.WithBindings(bindings)}, nil
}

// pools sets l's pools from its import, sorted by name.
func (l *Loaded) pools() {
	for _, name := range sortedKeys(l.Result.Pools) {
		l.Pools = append(l.Pools, Pool{Name: name, Pool: l.Result.Pools[name]})
	}
}

// bind returns the bindings, asked once.
func (ld *Loader) bind() (map[string]string, error) {
	if !ld.bound && ld.Bindings != nil {
		ld.bindings, ld.bindErr = ld.Bindings()
	}
	ld.bound = true
	return ld.bindings, ld.bindErr
}

// importError places the errors of an import in f, one a line.
func importError(f File, err error) error {
	list := iac.Errors(err)
	if list == nil {
		return f.errorAt(f.whole(), "%v", err)
	}
	e := &Error{Path: f.Name}
	for _, x := range list {
		d := x.Diagnostic()
		d.Range.File = f.Name
		if x.File == "" {
			e.Lines = append(e.Lines, fmt.Sprintf("%s:%d:%d: %v", f.Name, x.Line, x.Column, x))
			e.diags = append(e.diags, d)
			continue
		}
		// One of a folder's files (Terraform configuration).
		where := clip.Line(x.File)
		if x.Line > 0 {
			where = fmt.Sprintf("%s:%d:%d", where, x.Line, x.Column)
		}
		e.Lines = append(e.Lines, where+": "+x.Error())
		d.Range.File = x.File
		e.diags = append(e.diags, d)
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) > len(list) {
		for _, rest := range j.Unwrap()[len(list):] {
			e.Lines = append(e.Lines, f.Name+": "+rest.Error())
			e.diags = append(e.diags, diag.Diagnostic{Severity: diag.SeverityError, Code: CodeInput, Message: rest.Error(), Range: f.whole()})
		}
	}
	return e
}

// Pool returns the pool named name, or, for "", the input's only pool.
func (l *Loaded) Pool(name string) (Pool, error) {
	if name == "" && len(l.Pools) == 1 {
		return l.Pools[0], nil
	}
	var names []string
	for _, p := range l.Pools {
		if p.Name == name {
			return p, nil
		}
		names = append(names, p.Name)
	}
	if name == "" {
		return Pool{}, l.Errorf("%s: defines %d pools (%s); name one with --pool-name", l.Name, len(names), strings.Join(names, ", "))
	}
	if l.Kind == PoolDocument {
		return Pool{}, l.Errorf("%s: a pool document holds one pool; --pool-name %q applies to templates and plans", l.Name, name)
	}
	return Pool{}, l.Errorf("%s: no pool %q; it defines %s", l.Name, name, strings.Join(names, ", "))
}

// Deployment returns the deployment of the pool named name (Pool): the
// pool, and the trust policies and user pools of Credentials.
func (l *Loaded) Deployment(name string) (credentials.Deployment, error) {
	p, err := l.Pool(name)
	if err != nil {
		return credentials.Deployment{}, err
	}
	c, err := l.Credentials()
	if err != nil {
		return credentials.Deployment{}, err
	}
	d := *c
	d.Pool = p.Pool
	return d, nil
}

// Credentials returns what the input says about credentials, the same for
// each of its pools (its Pool is unset): a template's or a deployment
// document's trust policies and user pools, then those of the Loader's
// Roles and UserPools, which win. Roles is nil — the trust check off —
// when none of them gives trust policies. It is merged once; the
// deployment returned is shared, not to be changed.
func (l *Loaded) Credentials() (*credentials.Deployment, error) {
	if l.creds == nil && l.err == nil {
		l.creds, l.err = l.ld.credentials(l)
	}
	return l.creds, l.err
}

// credentials merges l's trust policies and user pools with ld's.
func (ld *Loader) credentials(l *Loaded) (*credentials.Deployment, error) {
	c := &credentials.Deployment{}
	if l.Result != nil {
		c.UserPools = maps.Clone(l.Result.UserPools)
		c.Roles, c.RoleErrors = l.Result.Policies()
	}
	if d := l.doc; d != nil {
		c.UserPools = maps.Clone(d.UserPools)
		if d.Roles != nil || d.RoleErrors != nil {
			c.Roles = maps.Clone(d.Roles)
			if c.Roles == nil {
				c.Roles = map[string]*trust.Policy{}
			}
			c.RoleErrors = maps.Clone(d.RoleErrors)
		}
	}
	x, err := ld.given()
	if err != nil {
		return nil, err
	}
	if ld.Roles != "" {
		if c.Roles == nil {
			c.Roles = map[string]*trust.Policy{} // Roles turns the check on, even with no role
		}
		for arn, p := range x.Roles {
			setRole(c, arn, p, nil)
		}
		for arn, err := range x.RoleErrors {
			setRole(c, arn, nil, err)
		}
	}
	for _, id := range sortedKeys(x.UserPools) {
		if c.UserPools == nil {
			c.UserPools = map[string]usergroups.UserPool{}
		}
		c.UserPools[id] = x.UserPools[id]
	}
	return c, nil
}

// given reads and parses, once, the trust policies of Roles and the user
// pools of UserPools; an error is kept too, for each input to report it.
func (ld *Loader) given() (*credentials.Deployment, error) {
	if !ld.parsed {
		ld.extra, ld.extraErr = ld.parseGiven()
		ld.parsed = true
	}
	return ld.extra, ld.extraErr
}

func (ld *Loader) parseGiven() (*credentials.Deployment, error) {
	x := &credentials.Deployment{}
	if ld.Roles != "" {
		f, err := ld.jsonFile(ld.Roles)
		if err != nil {
			return nil, err
		}
		if x.Roles, x.RoleErrors, err = trust.ParseRoles(f.Data); err != nil {
			return nil, f.errorAt(f.whole(), "%v", err)
		}
	}
	// Each user pool's files (the user pool given again for its ID:
	// groups, describe-user-pool, an app client's, an identity
	// provider's), merged, then validated whole.
	type piece struct {
		name string
		up   usergroups.UserPool
	}
	pieces := map[string][]piece{}
	var ids []string
	for _, u := range ld.UserPools {
		f, err := ld.jsonFile(u.Path)
		if err != nil {
			return nil, err
		}
		up, err := usergroups.ParseUserPool(u.ID, f.Data)
		if err != nil {
			return nil, f.errorAt(f.whole(), "%v", err)
		}
		if pieces[u.ID] == nil {
			ids = append(ids, u.ID)
		}
		pieces[u.ID] = append(pieces[u.ID], piece{f.Name, up})
	}
	for _, id := range ids {
		var up usergroups.UserPool
		var names []string
		for k, p := range pieces[id] {
			merged, err := usergroups.Merge(id, up, p.up)
			if err != nil {
				// Name the earlier file that gives the member too.
				for _, q := range pieces[id][:k] {
					if _, err2 := usergroups.Merge(id, q.up, p.up); err2 != nil {
						return nil, Errorf(p.name, "%s and %s: %v", q.name, p.name, err2)
					}
				}
				return nil, Errorf(p.name, "%s: %v", p.name, err)
			}
			up = merged
			names = append(names, p.name)
		}
		if err := usergroups.Validate(id, up); err != nil {
			return nil, Errorf(names[0], "%s: %v", strings.Join(names, ", "), err)
		}
		if x.UserPools == nil {
			x.UserPools = map[string]usergroups.UserPool{}
		}
		x.UserPools[id] = up
	}
	return x, nil
}

// jsonFile reads a file of the Loader's once, and checks it is a JSON
// object.
func (ld *Loader) jsonFile(name string) (File, error) {
	f, err := ld.file(name, true)
	if err != nil {
		return File{}, err
	}
	if err := f.CheckObject(); err != nil {
		return File{}, err
	}
	return f, nil
}

// setRole records a role's trust policy, or the error that kept it from
// being read; a later call wins.
func setRole(c *credentials.Deployment, arn string, p *trust.Policy, err error) {
	delete(c.Roles, arn)
	delete(c.RoleErrors, arn)
	if err != nil {
		if c.RoleErrors == nil {
			c.RoleErrors = map[string]error{}
		}
		c.RoleErrors[arn] = err
		return
	}
	c.Roles[arn] = p
}

// Origin returns the path in the file, written as text, of a path of the
// pool named pool written as text.
//
// Deprecated: a printed path shortens long keys, so the text read back
// may name an ancestor of the member; use [Loaded.OriginPath].
func (l *Loaded) Origin(pool, path string) string {
	if l.Result == nil {
		return path
	}
	return l.Result.Origin(pool, path)
}
