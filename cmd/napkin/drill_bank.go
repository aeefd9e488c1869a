package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/examples"
	"github.com/napkin-calc/napkin/tables"
)

// drillTopics are the drill's topics, in the order the summary lists them.
var drillTopics = []string{"latency", "powers", "availability", "conversions", "exercises"}

// question is one drill question. Its answer is never typed here: expr is
// napkin text built from the engine's constants, the reference tables'
// cells and the examples' statements, and truth is what the engine makes
// of it.
type question struct {
	id    string // stable across versions, the key of the state file: "latency/ratio/mem_ref/l1_ref"
	topic string
	text  string // "" until resolved, for an exercise
	expr  string // the answer, as napkin text; "" for an exercise
	// example and name are an exercise's: the example file and the
	// variable it asks for.
	example, name string
	resolved      bool
	// setup runs before an answer in the answer's own session: an
	// exercise's units, declared as plain counts (unit paste = 1), so that
	// 4 /s and 4 pastes/s both answer "pastes per second?".
	setup      string
	truth      estimate.Result // once resolved
	working    string          // one line: how the truth comes about
	complement bool            // grade 1 - a: 99.8% against 99.9% is twice the downtime
}

// bank lists the questions of the topics. It computes no answer: a
// question is resolved, its answer computed by the engine, only when it
// is asked, so the first question comes before the eight examples have
// run.
func bank(topics []string) (*banker, error) {
	b := &banker{s: estimate.NewSession(), runs: map[string][]estimate.Result{}}
	for _, t := range topics {
		switch t {
		case "latency":
			b.latency()
		case "powers":
			b.powers()
		case "availability":
			b.availability()
		case "conversions":
			b.conversions()
		case "exercises":
			b.exercises()
		}
	}
	return b, b.err
}

// banker holds the questions, the session that computes their answers
// and the examples' results, each example run once; err is the first
// error, a bug in the data that TestDrillBank catches.
type banker struct {
	s    *estimate.Session
	qs   []question
	runs map[string][]estimate.Result
	err  error
}

// add asks text, whose answer is what expr evaluates to; working "" shows
// the expression itself.
func (b *banker) add(topic, id, text, expr, working string, complement bool) {
	if working == "" {
		working = expr
	}
	b.qs = append(b.qs, question{id: topic + "/" + id, topic: topic, text: text, expr: expr, working: working, complement: complement})
}

// resolve computes a question's answer, and an exercise's text.
func (b *banker) resolve(q *question) error {
	if q.resolved {
		return nil
	}
	if q.example != "" {
		return b.resolveExercise(q)
	}
	res, err := b.s.Eval(q.expr)
	if err != nil || len(res) == 0 {
		return fmt.Errorf("drill question %s: %s: %v", q.id, q.expr, err)
	}
	q.truth, q.resolved = res[len(res)-1], true
	return nil
}

// latency asks each latency constant, and how many of one fit in the
// next: the table's rows read as ratios.
func (b *banker) latency() {
	cs := b.s.Constants()
	for i, c := range cs {
		b.add("latency", c.Name, "How long: "+c.Doc+"?", c.Name, c.Name, false)
		if i == 0 {
			continue
		}
		p := cs[i-1]
		b.add("latency", "ratio/"+c.Name+"/"+p.Name,
			fmt.Sprintf("How many times longer is %q than %q?", c.Doc, p.Doc),
			c.Name+" / "+p.Name, c.Text+" / "+p.Text, false)
	}
}

// powers asks each power of two in the powers table as a number, and
// each IEC size there from a KiB up in bytes.
func (b *banker) powers() {
	g, ok := b.table("powers")
	if !ok {
		return
	}
	power, iec := column(g, "Power"), column(g, "Bytes (IEC)")
	for _, row := range g.Rows {
		p := row[power]
		if p == "2^0" {
			continue
		}
		b.add("powers", p, "About how many is "+p+"?", p, "", false)
		if size := row[iec]; strings.Contains(size, "iB") {
			// Asked of 2^40 B, not of 1 TiB, which napkin shows in IEC.
			b.add("powers", "bytes/"+p, "How many bytes in "+size+"?", p+" B", size+" = "+p+" B", false)
		}
	}
}

// table looks up a reference table, noting an error.
func (b *banker) table(name string) (tables.Grid, bool) {
	g, err := tables.Lookup(name, tables.Options{})
	if err != nil && b.err == nil {
		b.err = err
	}
	return g, err == nil
}

// column is the index of a table's column by its header.
func column(g tables.Grid, header string) int {
	i := slices.Index(g.Header, header)
	if i < 0 {
		panic("tables: no column " + header) // the tables are embedded: TestDrillBank catches it
	}
	return i
}

// availability asks the downtime of each level of the availability table
// in each of its periods, and two components of a level in series and in
// parallel.
func (b *banker) availability() {
	g, ok := b.table("availability")
	if !ok {
		return
	}
	level := column(g, "Availability")
	for _, row := range g.Rows {
		a := row[level]
		for _, h := range g.Header {
			p, ok := strings.CutPrefix(h, "Per ")
			if !ok {
				continue
			}
			b.add("availability", "downtime/"+a+"/"+p, "Downtime a "+p+" at "+a+"?", "downtime("+a+", "+p+")", "", false)
		}
		if a == "90%" {
			continue
		}
		b.add("availability", "series/"+a, "Availability of two "+a+" components in series (both needed)?", "series("+a+", "+a+")", a+" * "+a, true)
		b.add("availability", "parallel/"+a, "Availability of two "+a+" components in parallel (either enough)?", "parallel("+a+", "+a+")", "1 - (1 - "+a+")^2", true)
	}
}

// conversions asks the conversion guide's rates per day and per month,
// and its per-month figures back per second.
func (b *banker) conversions() {
	g, ok := b.table("conversions")
	if !ok {
		return
	}
	rate, month := column(g, "Rate"), column(g, "Per month")
	for _, row := range g.Rows {
		r := row[rate]
		if !strings.HasSuffix(r, "/s") {
			continue // the row of seconds
		}
		b.add("conversions", "day/"+r, r+": how many a day?", r+" * day", "", false)
		b.add("conversions", "month/"+r, r+": how many a month?", r+" * month", "", false)
		m := row[month]
		b.add("conversions", "second/"+m, m+" a month: how many a second?", m+" / month -> /s", "", false)
	}
}

// exercises asks every figure the primer's exercises derive from others:
// given the values it reads, what it comes to. Listing them parses the
// examples without running them; resolveExercise runs the example and
// TestDrillBank checks the two agree.
func (b *banker) exercises() {
	for _, ex := range examples.List() {
		text, _ := examples.Read(ex.Name)
		sts, err := estimate.Statements(text)
		if err != nil || slices.ContainsFunc(sts, func(st estimate.Statement) bool { return st.Uncertain }) {
			continue // an estimate with ranges has no one answer to grade
		}
		assigned := map[string]bool{}
		for _, st := range sts {
			if st.Kind != estimate.Assignment {
				continue
			}
			derived := slices.ContainsFunc(st.Names, func(n string) bool { return assigned[n] })
			if derived && !assigned[st.Name] {
				b.qs = append(b.qs, question{id: "exercises/" + ex.Name + "/" + st.Name, topic: "exercises", example: ex.Name, name: st.Name})
			}
			assigned[st.Name] = true
		}
	}
}

// exerciseQuestions lists an example's results that derive a figure from
// others, the first assignment of each variable, with the statements
// that declare its units and how each variable read was shown.
func exerciseQuestions(res []estimate.Result) (setup []string, qs []estimate.Result, given [][]string) {
	shown := map[string]string{} // each variable as it was last shown
	asked := map[string]bool{}
	for _, r := range res {
		switch {
		case r.Kind == estimate.UnitDeclaration:
			line := strings.TrimSpace(r.Source)
			if r.Expr == "" {
				line = "unit " + r.Name + " = 1"
			}
			setup = append(setup, line)
		case r.Kind == estimate.Assignment && len(r.Uses) > 0 && !asked[r.Name]:
			var g []string
			for _, u := range r.Uses {
				g = append(g, u+" = "+shown[u])
			}
			qs = append(qs, r)
			given = append(given, g)
		}
		if r.Kind == estimate.Assignment {
			shown[r.Name] = r.Display.Text
			asked[r.Name] = true
		}
	}
	return setup, qs, given
}

// resolveExercise runs the question's example, once a drill, and finds
// the figure it asks for.
func (b *banker) resolveExercise(q *question) error {
	res, ok := b.runs[q.example]
	if !ok {
		text, _ := examples.Read(q.example)
		var err error
		if res, err = estimate.NewSession().Run(text); err != nil {
			return fmt.Errorf("example %s: %v", q.example, err)
		}
		b.runs[q.example] = res
	}
	setup, rs, given := exerciseQuestions(res)
	for i, r := range rs {
		if r.Name != q.name {
			continue
		}
		q.text = q.example + ": given " + strings.Join(given[i], ", ") + ": " + r.Name + "?"
		q.setup = strings.Join(setup, "; ")
		q.truth = r
		if q.working = r.Working(); q.working == "" {
			q.working = r.Expr
		}
		// An availability, graded on its downtime.
		q.complement = r.Display.Unit == "%" && r.Value.Base() >= 0.9
		q.resolved = true
		return nil
	}
	return fmt.Errorf("drill question %s: example %s derives no %s", q.id, q.example, q.name)
}
