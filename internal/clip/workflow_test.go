package clip

import (
	"strings"
	"testing"
)

func TestWorkflowCommand(t *testing.T) {
	tests := []struct {
		name, command, message string
		props                  []string
		want                   string
	}{
		{name: "plain", command: "error", message: "bad rule", props: []string{"file", "a.json", "line", "3", "col", "", "title", "rolemap x"},
			want: "::error file=a.json,line=3,title=rolemap x::bad rule"},
		{name: "newlines and percent", command: "warning", message: "50% of\r\nit", want: `::warning::50%25 of\r%0Ait`},
		{name: "a second command in the message", command: "error", message: "x\n::add-mask::secret\n::error::forged",
			want: `::error::x%0A\x3a:add-mask::secret%0A\x3a:error::forged`},
		{name: "a property that would end the properties", command: "error", message: "m", props: []string{"file", "a,b:c::d", "title", "t\n::x"},
			want: `::error file=a%2Cb%3Ac%3A%3Ad,title=t\n%3A%3Ax::m`},
		{name: "terminal escapes", command: "notice", message: "\x1b]0;pwned\x07red", want: `::notice::\x1b]0;pwned\ared`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := WorkflowCommand(tt.command, tt.message, tt.props...)
			if got != tt.want {
				t.Errorf("WorkflowCommand = %q, want %q", got, tt.want)
			}
			if strings.ContainsAny(got, "\r\n\x1b\x07") {
				t.Errorf("WorkflowCommand wrote a control character: %q", got)
			}
		})
	}
	if got := WorkflowCommand("error", strings.Repeat("é", 10000)); len(got) > MaxAnnotation+64 {
		t.Errorf("a long message gave %d bytes, want at most about %d", len(got), MaxAnnotation)
	}
}
