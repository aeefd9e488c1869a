package main

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/examples"
)

// TestGradeValue checks the grading bands at their edges, both ways.
func TestGradeValue(t *testing.T) {
	for _, c := range []struct {
		answer, truth float64
		want          grade
	}{
		{100, 100, gradeExact},
		{105, 100, gradeExact},
		{95, 100, gradeExact},
		{105.01, 100, gradeClose},
		{94.99, 100, gradeClose},
		{200, 100, gradeClose},
		{50, 100, gradeClose},
		{200.01, 100, gradeOrder},
		{49.99, 100, gradeOrder},
		{1000, 100, gradeOrder},
		{10, 100, gradeOrder},
		{1000.1, 100, gradeOff},
		{9.999, 100, gradeOff},
		{-100, 100, gradeOff},
		{0, 100, gradeOff},
		{0, 0, gradeExact},
		{1, 0, gradeOff},
		{-105, -100, gradeExact},
		{-300, -100, gradeOrder},
		{1.05 * 3.7e-9, 3.7e-9, gradeExact},
		{2 * 3.7e12, 3.7e12, gradeClose},
		{10 * 0.3, 0.3, gradeOrder},
	} {
		if got := gradeValue(c.answer, c.truth); got != c.want {
			t.Errorf("gradeValue(%v, %v) = %v, want %v", c.answer, c.truth, got, c.want)
		}
	}
}

func TestSplitInterval(t *testing.T) {
	for _, c := range []struct{ in, lo, hi string }{
		{"100..1000 /s", "100", "1000 /s"},
		{"~1 ms .. ~1 s", "1 ms", "1 s"},
		{"(1..2)", "", ""},
		{".5..1.5", ".5", "1.5"},
		{"10 GB", "", ""},
	} {
		lo, hi, ok := splitInterval(c.in)
		if ok != (c.hi != "") || lo != c.lo || hi != c.hi {
			t.Errorf("splitInterval(%q) = %q, %q, %v; want %q, %q", c.in, lo, hi, ok, c.lo, c.hi)
		}
	}
}

// TestDrillAnswers grades answers to one question: a figure, the primer's
// own per-second rate, an interval, the wrong dimension.
func TestDrillAnswers(t *testing.T) {
	qs := resolvedBank(t, "latency", "availability", "exercises")
	byID := map[string]*question{}
	for i := range qs {
		byID[qs[i].id] = &qs[i]
	}
	for _, c := range []struct {
		id, answer string
		intervals  bool
		want       grade
		note       string
	}{
		{"latency/ratio/mem_ref/mutex_lock", "4", false, gradeExact, ""},
		{"latency/ratio/mem_ref/mutex_lock", "~8", false, gradeClose, "2x high"},
		{"latency/ratio/mem_ref/mutex_lock", "40", false, gradeOrder, "10x high"},
		{"latency/ratio/mem_ref/mutex_lock", "0.3", false, gradeOff, "13x low"},
		{"latency/ratio/mem_ref/mutex_lock", "4 ns", false, gradeOff, "expected a plain number, like 4, not time"},
		{"latency/mem_ref", "", false, gradeSkipped, ""},
		{"latency/mem_ref", " ? ", false, gradeSkipped, ""},
		{"latency/mem_ref", "0.1 us", false, gradeExact, ""},
		{"latency/mem_ref", "10..1000 ns", true, gradeHeld, ""},
		{"latency/mem_ref", "10..100", true, gradeMissed, "expected time, like 100 ns, not a plain number"},
		{"latency/mem_ref", "~10 .. ~50 ns", true, gradeMissed, "the answer is above it"},
		{"latency/mem_ref", "1 us..1 ms", true, gradeMissed, "the answer is below it"},
		{"latency/mem_ref", "1 ms..1 us", true, gradeMissed, "the answer is below it"},
		{"latency/mem_ref", "1..2 GB", true, gradeMissed, "expected time, like 100 ns, not information"},
		// Availabilities are graded on their downtime: 99.8% is twice 99.9%'s.
		{"availability/series/99.9%", "99.8%", false, gradeExact, ""},
		{"availability/series/99.9%", "99.9%", false, gradeClose, "2x low"},
		{"availability/parallel/99.9%", "99.999%", false, gradeOrder, "10x high"},
		// Counted units are plain in answers: 4 /s answers pastes per second.
		{"exercises/pastebin/primer_write_rate", "4/s", false, gradeExact, ""},
		{"exercises/pastebin/primer_write_rate", "4 pastes/s", false, gradeExact, ""},
		{"exercises/pastebin/primer_write_rate", "1..10 /s", true, gradeHeld, ""},
		{"exercises/pastebin/primer_write_rate", "4 GB", false, gradeOff, "expected 1/time, like 4 pastes/s, not information"},
	} {
		q := byID[c.id]
		if q == nil {
			t.Fatalf("no question %s", c.id)
		}
		v, e := (&answerer{q: q}).grade(c.answer, c.intervals)
		if e != nil {
			t.Errorf("%s: %q: %v", c.id, c.answer, e)
			continue
		}
		if v.grade != c.want || v.note != c.note {
			t.Errorf("%s: %q graded %v (%s), want %v (%s)", c.id, c.answer, v.grade, v.note, c.want, c.note)
		}
	}
}

// TestDrillAnswerErrors: an answer napkin cannot read is an error to type
// again, positioned in the answer.
func TestDrillAnswerErrors(t *testing.T) {
	qs := resolvedBank(t, "latency")
	a := &answerer{q: &qs[0]}
	for _, c := range []struct {
		answer    string
		intervals bool
		col       int
		msg       string
	}{
		{"5 Mbs", false, 3, "unknown name 'Mbs'; did you mean Mbps?"},
		{"1..5 Mbs", true, 6, "unknown name 'Mbs'; did you mean Mbps?"},
		{"1 ns", true, 1, "expected an interval, low..high"},
		{"1..2 ns", false, 2, "expected one value, not an interval"},
		{"1 ns > 2 ns", false, 1, "expected a value, not a comparison"},
	} {
		_, e := a.grade(c.answer, c.intervals)
		if e == nil || e.Col != c.col || e.Msg != c.msg {
			t.Errorf("%q: got %v, want %d: %s", c.answer, e, c.col, c.msg)
		}
	}
}

// resolvedBank is the topics' questions, every answer computed.
func resolvedBank(t *testing.T, topics ...string) []question {
	t.Helper()
	b, err := bank(topics)
	if err != nil {
		t.Fatal(err)
	}
	for i := range b.qs {
		if err := b.resolve(&b.qs[i]); err != nil {
			t.Error(err)
		}
	}
	return b.qs
}

// TestDrillExercises checks that the exercises listed from the examples
// parsed, without running them, are those running them derives.
func TestDrillExercises(t *testing.T) {
	b, _ := bank([]string{"exercises"})
	var listed, derived []string
	for _, q := range b.qs {
		listed = append(listed, q.id)
	}
	for _, ex := range examples.List() {
		text, _ := examples.Read(ex.Name)
		res, err := estimate.NewSession().Run(text)
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(res, func(r estimate.Result) bool { return r.Value.Uncertain() }) {
			continue // ranges: no one answer to grade
		}
		_, rs, _ := exerciseQuestions(res)
		for _, r := range rs {
			derived = append(derived, "exercises/"+ex.Name+"/"+r.Name)
		}
	}
	if !slices.Equal(listed, derived) {
		t.Errorf("listed from the lines:\n%v\nderived by running:\n%v", listed, derived)
	}
}

// TestDrillBank checks every question of every topic: its answer, typed
// back in base units, grades exact in the answer's session, so truth and
// grading agree; and the topics have the questions they should.
func TestDrillBank(t *testing.T) {
	qs := resolvedBank(t, drillTopics...)
	count := map[string]int{}
	ids := map[string]bool{}
	for i := range qs {
		q := &qs[i]
		count[q.topic]++
		if ids[q.id] {
			t.Errorf("two questions %s", q.id)
		}
		ids[q.id] = true
		if q.truth.Display.Text == "" || q.working == "" || !strings.HasSuffix(q.text, "?") {
			t.Errorf("%s: %q %q %q", q.id, q.text, q.truth.Display.Text, q.working)
		}
		typed := strconv.FormatFloat(q.truth.Value.Base(), 'g', -1, 64)
		if q.truth.BaseUnit != "" {
			typed += " * (" + strings.ReplaceAll(q.truth.BaseUnit, "·", " * ") + ")"
		}
		v, e := (&answerer{q: q}).grade(typed, false)
		if e != nil || v.grade != gradeExact {
			t.Errorf("%s: its own answer %q graded %v (%s), error %v", q.id, typed, v.grade, v.note, e)
		}
	}
	// 15 constants and 14 ratios; 11 powers and the 9 of them a KiB or more;
	// 8 levels in 4 periods, 7 of them in series and parallel; 3 rates
	// three ways.
	for topic, want := range map[string]int{"latency": 29, "powers": 20, "availability": 46, "conversions": 9} {
		if count[topic] != want {
			t.Errorf("%s: %d questions, want %d", topic, count[topic], want)
		}
	}
	if count["exercises"] < 100 {
		t.Errorf("exercises: %d questions, want at least 100", count["exercises"])
	}
}

// TestDrillQuestionsComputed checks questions against the engine's own
// figures, computed here another way.
func TestDrillQuestionsComputed(t *testing.T) {
	qs := resolvedBank(t, drillTopics...)
	want := map[string]string{
		"latency/ratio/mem_ref/mutex_lock":     "4",
		"latency/hdd_seek":                     "10 ms",
		"powers/2^40":                          "1.1 trillion",
		"powers/bytes/2^40":                    "1.1 TB",
		"availability/downtime/99.99%/month":   "4m 23s",
		"availability/downtime/99.99%/week":    "1m 0.5s",
		"availability/series/99.9%":            "99.8001%",
		"availability/parallel/99.9%":          "99.9999%",
		"conversions/month/400 /s":             "1.052 billion",
		"conversions/second/1.052 billion":     "400 /s",
		"exercises/pastebin/storage_3_years":   "457.6 GB",
		"exercises/pastebin/primer_write_rate": "4 pastes/s",
	}
	for _, q := range qs {
		if w, ok := want[q.id]; ok {
			if q.truth.Display.Text != w {
				t.Errorf("%s: %s, want %s", q.id, q.truth.Display.Text, w)
			}
			delete(want, q.id)
		}
	}
	for id := range want {
		t.Errorf("no question %s", id)
	}
}

// BenchmarkDrillFirstQuestion is the time from starting napkin drill to
// its first question, with every topic: building the question bank (the
// eight examples run) dominates.
func BenchmarkDrillFirstQuestion(b *testing.B) {
	b.Setenv("NAPKIN_DRILL_STATE", "")
	for b.Loop() {
		if code := run([]string{"drill", "--seed", "1", "--count", "1"}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
			b.Fatal(code)
		}
	}
}
