package clip

import "strings"

// MaxAnnotation is the most bytes of a message WorkflowCommand writes.
const MaxAnnotation = 4000

// WorkflowCommand writes one GitHub Actions workflow command line —
// "::error file=F,line=L,col=C,title=T::MESSAGE" — with its properties and
// message escaped as the runner reads them (% \r \n as %25 %0D %0A, and in
// a property also : and , as %3A and %2C), so no text of an input can end
// the command or start another, and with the message's other control
// characters escaped as [Line] does and cut to [MaxAnnotation] bytes.
// props are name, value pairs; an empty value is left out.
//
// "Workflow commands for GitHub Actions", GitHub Docs:
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
func WorkflowCommand(command string, message string, props ...string) string {
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(command)
	sep := " "
	for i := 0; i+1 < len(props); i += 2 {
		if props[i+1] == "" {
			continue
		}
		b.WriteString(sep + props[i] + "=" + workflowEscape(Line(props[i+1]), true))
		sep = ","
	}
	b.WriteString("::")
	message = escape(message, true)
	if len(message) > MaxAnnotation {
		message = prefix(message, MaxAnnotation) + "…"
	}
	b.WriteString(workflowEscape(message, false))
	return b.String()
}

// workflowEscape escapes s for a workflow command's message or, with
// property, a property value.
func workflowEscape(s string, property bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '%':
			b.WriteString("%25")
		case r == '\r':
			b.WriteString("%0D")
		case r == '\n':
			b.WriteString("%0A")
		case property && r == ':':
			b.WriteString("%3A")
		case property && r == ',':
			b.WriteString("%2C")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
