package present

import "testing"

func TestJSONKey(t *testing.T) {
	for h, want := range map[string]string{
		"Per day": "per_day", "Bytes (IEC)": "bytes_iec", "If L1 took 1 s": "if_l1_took_1_s", " Note ": "note",
	} {
		if got := jsonKey(h); got != want {
			t.Errorf("jsonKey(%q) = %q, want %q", h, got, want)
		}
	}
}
