package present

import "testing"

func TestGitHubEscaping(t *testing.T) {
	if got := ghProperty("a,b:c%d\ne"); got != "a%2Cb%3Ac%25d%0Ae" {
		t.Errorf("property = %q", got)
	}
	if got := ghData("50% off\nnext"); got != "50%25 off%0Anext" {
		t.Errorf("data = %q", got)
	}
}
