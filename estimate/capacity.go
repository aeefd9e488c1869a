package estimate

import (
	"math"
)

// The capacity vocabulary: functions capacity plans need and people
// otherwise write out by hand.

// grow is compound growth, x * (1 + rate)^periods. It compounds once per
// the time unit the rate is shown in, so how it was written matters: 40% /
// yr compounds yearly (10 million grows to 27.44 million in 3 years), the
// same rate converted with -> /mo monthly (32.56 million). A rate with no
// time unit of its own (0.1 /s) compounds every second.
func grow(a arith, x []quantity) (quantity, error) {
	base, rate, period := x[0], x[1], x[2]
	var perTime dimension
	perTime[dimTime] = -1
	if rate.dim != perTime {
		return quantity{}, errorf("for example: grow(10 million, 40% / yr, 3 yr)", "grow: the rate must be per time, like 40% / yr, not "+a.names.describe(rate.dim))
	}
	if !period.dim.only(dimTime) {
		return quantity{}, errorf("for example: grow(10 million, 40% / yr, 3 yr)", "grow: the period must be a time, like 3 yr, not "+a.names.describe(period.dim))
	}
	step := 1.0 // seconds in the time unit the rate is shown in
	if u := rate.show.time; u != nil {
		step = u.value.v
	}
	if t := rate.show.target; t != nil && t.factor > 0 {
		step = 1 / t.factor // 40% / yr -> /mo compounds monthly
	}
	r := rate.v * step
	if r <= -1 {
		f := formatter{digits: 4}
		return quantity{}, errorf("", "grow: a rate of "+f.percent(r)+" per period leaves nothing to grow; it must be above -100%")
	}
	q := base
	q.v = base.v * math.Exp(period.v/step*math.Log1p(r))
	return finite(q)
}

// atLeastOne is the chance that at least one of n independent events,
// each of chance p, happens: 1 - (1 - p)^n. Computed through log1p and
// expm1 so a one-in-a-million chance over a million tries keeps its
// digits.
func atLeastOne(a arith, x []quantity) (quantity, error) {
	p, n := x[0], x[1]
	if !p.dim.IsZero() {
		return quantity{}, errorf("write a chance as 1% or 0.01", "at_least_one: the chance must be a plain fraction, not "+a.names.describe(p.dim))
	}
	if p.v < 0 || p.v > 1 {
		f := formatter{digits: 6}
		return quantity{}, errorf("write a chance as 1% or 0.01", "at_least_one: the chance must be between 0% and 100%, not "+f.percent(p.v))
	}
	if !n.dim.IsZero() || n.v != math.Trunc(n.v) || n.v < 0 {
		what := a.names.describe(n.dim)
		if n.dim.IsZero() {
			what = formatter{digits: 6}.number(n.v)
		}
		return quantity{}, errorf("", "at_least_one: n must be a whole count of 0 or more, not "+what)
	}
	if p.v == 1 {
		return percentOf(math.Min(1, n.v)) // 100% once there is a try, 0% with none
	}
	return percentOf(-math.Expm1(n.v * math.Log1p(-p.v)))
}
