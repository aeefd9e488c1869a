package main

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/napkin-calc/napkin/estimate/present"
	"github.com/peterh/liner"
	"github.com/spf13/cobra"
)

// drillOptions are napkin drill's flags.
type drillOptions struct {
	topics    []string
	count     int
	seed      uint64
	intervals bool
	format    string
}

func newDrillCmd(opts *options) *cobra.Command {
	var o drillOptions
	cmd := &cobra.Command{
		Use:   "drill [TOPIC...]",
		Short: "Practise estimates: napkin asks, you answer, it grades",
		Long: `Drill asks questions one at a time and grades each answer: exact (within
5%), close (within 2x), right order (within 10x) or off, then shows the
true value and how it comes about. Topics: ` + strings.Join(drillTopics, ", ") + `
(the primer's exercises, a step at a time); all of them unless you name
some. Every answer is computed by napkin from its own constants, tables
and examples.

An answer is any napkin expression with units: ~400/s, 2.5 million s,
1 month. Availabilities are graded on their downtime, so 99.8% against
99.9% is 2x off. A blank answer or ? skips the question (a miss); :quit
or the end of the input ends the drill with a summary per topic.

With --intervals, answer with a range meant to hold the truth 9 times in
10, such as 100..1000 /s (a bare lower bound takes the upper's unit); the
summary says how often your intervals held.

Progress, how often each question was missed, is kept in
$XDG_STATE_HOME/napkin/drill.json (~/.local/state/napkin/drill.json);
questions missed last time come first. Set NAPKIN_DRILL_STATE to use
another file, or to nothing to keep none. When standard input is not a
terminal, drill reads one answer a line with no prompt, and keeps
progress only in NAPKIN_DRILL_STATE, if set.`,
		Example: `  napkin drill
  napkin drill latency powers --count 5
  napkin drill --intervals --topic exercises
  printf '100\n?\n:quit\n' | napkin drill --seed 1 latency`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.noSets(cmd); err != nil {
				return err
			}
			format, err := opts.formatFor(present.Text, present.JSON)
			if err != nil {
				return err
			}
			o.format = format
			o.topics = append(o.topics, args...)
			if !cmd.Flags().Changed("seed") {
				o.seed = uint64(time.Now().UnixNano())
			}
			return runDrill(cmd, o)
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&o.topics, "topic", nil, "a topic to drill (repeat or comma-separate): "+strings.Join(drillTopics, ", "))
	f.IntVar(&o.count, "count", 10, "how many questions to ask")
	f.Uint64Var(&o.seed, "seed", 0, "seed for the question order, to repeat a drill (default: the clock)")
	f.BoolVar(&o.intervals, "intervals", false, "answer with 90% intervals, low..high")
	return takesFormats(cmd, present.Text, present.JSON)
}

// checkTopics returns the topics named, in drillTopics' order, or all
// of them for none.
func checkTopics(named []string) ([]string, error) {
	if len(named) == 0 {
		return drillTopics, nil
	}
	var out []string
	for _, n := range named {
		if !slices.Contains(drillTopics, n) {
			return nil, usageErrorf("unknown drill topic %q; the topics are %s", n, strings.Join(drillTopics, ", "))
		}
	}
	for _, t := range drillTopics {
		if slices.Contains(named, t) {
			out = append(out, t)
		}
	}
	return out, nil
}

// drill is one drill session.
type drill struct {
	o      drillOptions
	w      io.Writer // questions and grades: stdout, or stderr under --format json
	errOut io.Writer
	echo   bool // show each answer read: the input is not a terminal
	done   []asked
}

// asked is a question and how it went.
type asked struct {
	q *question
	v verdict
}

func runDrill(cmd *cobra.Command, o drillOptions) error {
	if o.format != "text" && o.format != "json" {
		return usageErrorf("--format must be text or json, not %q", o.format)
	}
	if o.count < 1 {
		return usageErrorf("--count must be at least 1, not %d", o.count)
	}
	topics, err := checkTopics(o.topics)
	if err != nil {
		return err
	}
	o.topics = topics
	in, out, errOut := cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()
	interactive := isTerminal(in)
	d := &drill{o: o, w: out, errOut: errOut, echo: !interactive}
	if o.format == "json" {
		d.w = errOut
	}
	prog := loadProgress(stateFileFor(os.LookupEnv, "NAPKIN_DRILL_STATE", "drill.json", interactive), errOut)
	b, err := bank(topics)
	if err != nil {
		return err
	}
	qs := pickQuestions(b.qs, prog, o.seed, o.count)

	var p prompter
	if canEdit(in, out) {
		st := liner.NewLiner()
		st.SetCtrlCAborts(true)
		p = st
	} else {
		p = newLineReader(in, nil)
	}
	// Once: the drill's end and a signal may race, and a second save
	// would count the session twice.
	end := sync.OnceFunc(func() { p.Close(); prog.save(errOut) })
	defer exitOnSignal(end)()
	d.header(len(qs))
	for i := range qs {
		if err := b.resolve(&qs[i]); err != nil {
			return err
		}
		v, quit := d.ask(p, i, len(qs), &qs[i])
		if quit {
			break
		}
		d.done = append(d.done, asked{&qs[i], v})
		prog.record(qs[i].id, v.grade.missed())
	}
	end()
	if o.format == "json" {
		return present.WriteJSON(out, d.report())
	}
	d.summary()
	return nil
}

// pickQuestions shuffles the questions with the seed, puts those missed
// last time first, and keeps count of them.
func pickQuestions(qs []question, prog *progress, seed uint64, count int) []question {
	rng := rand.New(rand.NewPCG(seed, 0x6e61706b696e)) // "napkin"
	rng.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
	slices.SortStableFunc(qs, func(a, b question) int {
		ga, ma := prog.rank(a.id)
		gb, mb := prog.rank(b.id)
		if ga != gb {
			return ga - gb
		}
		return ma - mb
	})
	return qs[:min(count, len(qs))]
}

func (d *drill) header(n int) {
	how := "answer with units (~400/s, 2.5 million s)"
	if d.o.intervals {
		how = "answer with a 90% interval (100..1000 /s)"
	}
	fmt.Fprintf(d.w, "napkin drill: %s of %s, seed %d; %s, ? to skip, :quit to stop\n",
		present.Plural(n, "question"), strings.Join(d.o.topics, ", "), d.o.seed, how)
}

// ask asks one question until it has an answer it can grade; quit is
// true at :quit, Ctrl-C or the end of the input.
func (d *drill) ask(p prompter, i, n int, q *question) (v verdict, quit bool) {
	fmt.Fprintf(d.w, "\n%d/%d %s: %s\n", i+1, n, q.topic, q.text)
	a := &answerer{q: q}
	for {
		line, err := p.Prompt("> ")
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, liner.ErrPromptAborted) {
				fmt.Fprintf(d.errOut, "napkin: error: %v\n", err)
			}
			return verdict{}, true
		}
		if d.echo {
			fmt.Fprintf(d.w, "> %s\n", line)
		}
		if t := strings.TrimSpace(line); t == ":quit" || t == ":q" {
			return verdict{}, true
		}
		v, e := a.grade(line, d.o.intervals)
		if e != nil {
			fmt.Fprint(d.errOut, present.ErrorText("", e))
			fmt.Fprintln(d.w, "try again, or ? to skip")
			continue
		}
		d.show(q, v)
		return v, false
	}
}

// show prints a grade, the true value and its working.
func (d *drill) show(q *question, v verdict) {
	g := v.grade.String()
	if v.note != "" {
		g += " (" + v.note + ")"
	}
	truth := q.truth.Display.Text
	if q.working != truth {
		truth += " = " + q.working
	}
	fmt.Fprintf(d.w, "%s: %s\n", g, truth)
}

// tally counts grades, per topic or in all.
type tally struct {
	Topic  string `json:"topic,omitempty"`
	Asked  int    `json:"asked"`
	Exact  int    `json:"exact"`
	Close  int    `json:"close"`
	Order  int    `json:"right_order"`
	Off    int    `json:"off"`
	Skip   int    `json:"skipped"`
	Held   int    `json:"held"`
	Missed int    `json:"missed"`
}

func (t *tally) add(g grade) {
	t.Asked++
	*[...]*int{&t.Exact, &t.Close, &t.Order, &t.Off, &t.Skip, &t.Held, &t.Missed}[g]++
}

func (t tally) String() string {
	var parts []string
	for _, c := range []struct {
		n    int
		name string
	}{{t.Exact, "exact"}, {t.Close, "close"}, {t.Order, "right order"}, {t.Off, "off"}, {t.Held, "held"}, {t.Missed, "missed"}, {t.Skip, "skipped"}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.name))
		}
	}
	return strings.Join(parts, ", ")
}

func (d *drill) tallies() (all tally, topics []tally) {
	for _, t := range d.o.topics {
		tt := tally{Topic: t}
		for _, a := range d.done {
			if a.q.topic == t {
				tt.add(a.v.grade)
				all.add(a.v.grade)
			}
		}
		if tt.Asked > 0 {
			topics = append(topics, tt)
		}
	}
	return all, topics
}

// summary prints how the drill went, per topic.
func (d *drill) summary() {
	all, topics := d.tallies()
	fmt.Fprintln(d.w)
	if all.Asked == 0 {
		fmt.Fprintln(d.w, "summary: no questions answered")
		return
	}
	if d.o.intervals {
		fmt.Fprintf(d.w, "summary: %s\n", calibration(all.Held, all.Asked))
	} else {
		fmt.Fprintf(d.w, "summary: %d of %d within 2x\n", all.Exact+all.Close, all.Asked)
	}
	for _, t := range topics {
		fmt.Fprintf(d.w, "  %-13s %d: %s\n", t.Topic, t.Asked, t)
	}
}

// calibration says how well intervals meant to hold 90% of the time did.
func calibration(held, n int) string {
	s := fmt.Sprintf("held %d of %d", held, n)
	switch {
	case float64(held) < 0.8*float64(n):
		return s + ": your intervals are too narrow; aim for 9 in 10"
	case held == n && n >= 10:
		return s + ": every one held; your intervals could be narrower"
	}
	return s + ": about right for 90% intervals"
}

// drillReport is --format json's output.
type drillReport struct {
	Seed      uint64         `json:"seed"`
	Intervals bool           `json:"intervals"`
	Questions []drillAnswer  `json:"questions"`
	Summary   drillSummaryJS `json:"summary"`
}

type drillAnswer struct {
	Topic      string   `json:"topic"`
	ID         string   `json:"id"`
	Question   string   `json:"question"`
	Answer     string   `json:"answer"`
	Grade      string   `json:"grade"`
	Note       string   `json:"note,omitempty"`
	Value      *float64 `json:"answer_base_value,omitempty"`
	High       *float64 `json:"answer_high_base_value,omitempty"`
	Truth      string   `json:"truth"`
	TruthValue float64  `json:"truth_base_value"`
	BaseUnit   string   `json:"base_unit"`
	Working    string   `json:"working"`
}

type drillSummaryJS struct {
	tally
	Text   string  `json:"text"`
	Topics []tally `json:"topics"`
}

func (d *drill) report() drillReport {
	r := drillReport{Seed: d.o.seed, Intervals: d.o.intervals, Questions: []drillAnswer{}}
	for _, a := range d.done {
		x := drillAnswer{
			Topic: a.q.topic, ID: a.q.id, Question: a.q.text, Answer: strings.TrimSpace(a.v.answer),
			Grade: a.v.grade.String(), Note: a.v.note,
			Truth: a.q.truth.Display.Text, TruthValue: a.q.truth.Value.Base(), BaseUnit: a.q.truth.BaseUnit, Working: a.q.working,
		}
		if a.v.grade != gradeSkipped && a.v.note == "" || a.v.grade <= gradeOrder || a.v.grade == gradeHeld {
			x.Value = &a.v.value
		}
		if d.o.intervals && a.v.grade != gradeSkipped && !strings.HasPrefix(a.v.note, "expected") {
			x.Value, x.High = &a.v.value, &a.v.high
		}
		r.Questions = append(r.Questions, x)
	}
	all, topics := d.tallies()
	r.Summary = drillSummaryJS{tally: all, Topics: topics}
	if d.o.intervals && all.Asked > 0 {
		r.Summary.Text = calibration(all.Held, all.Asked)
	} else {
		r.Summary.Text = fmt.Sprintf("%d of %d within 2x", all.Exact+all.Close, all.Asked)
	}
	return r
}
