package estimate

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed constants.txt
var constantsData string

// constant is a named constant of the language: a latency number.
type constant struct {
	name, def, doc string
	value          quantity
}

// constants are read from constants.txt once, on first use: a one-off
// answer that names none never reads them.
var constants = sync.OnceValues(func() ([]*constant, error) {
	return parseConstants(constantsData, builtinRegistry())
})

// parseConstants reads the format described at the top of constants.txt.
// Values are in the units data's small definition language, so reading a
// constant never parses or runs an estimate.
func parseConstants(data string, r *registry) ([]*constant, error) {
	var out []*constant
	seen := map[string]bool{}
	for i, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.SplitN(line, ":", 3)
		if len(f) != 3 {
			return nil, fmt.Errorf("line %d: want NAME : VALUE : DOC", i+1)
		}
		c := &constant{name: strings.TrimSpace(f[0]), def: strings.TrimSpace(f[1]), doc: strings.TrimSpace(f[2])}
		if !isName(c.name) || seen[c.name] || r.lookup(c.name) != nil {
			return nil, fmt.Errorf("line %d: %q is not a free name", i+1, c.name)
		}
		seen[c.name] = true
		q, err := r.evalDefinition(c.def)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", i+1, err)
		}
		c.value = q
		out = append(out, c)
	}
	return out, nil
}

// builtinConstants returns the constants; the data is embedded, so an
// error is a bug TestConstantsData catches.
func builtinConstants() []*constant {
	cs, err := constants()
	if err != nil {
		panic("estimate: constants.txt: " + err.Error())
	}
	return cs
}

// constant finds a named constant, or nil.
func (s *Session) constant(name string) *constant {
	for _, c := range builtinConstants() {
		if c.name == name {
			return c
		}
	}
	return nil
}
