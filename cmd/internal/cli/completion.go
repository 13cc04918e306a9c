package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// Command is a subcommand as completion sees it: its name and flags.
type Command struct {
	Name  string
	Flags *flag.FlagSet // nil for a command without flags
}

// Shells are the shells Completion writes a script for.
var Shells = []string{"bash", "zsh", "fish"}

// Completion writes the completion script of shell for the commands.
func Completion(w io.Writer, shell string, cmds []Command) error {
	switch shell {
	case "bash":
		bashCompletion(w, cmds)
	case "zsh":
		fmt.Fprint(w, "#compdef salvage\nautoload -U bashcompinit && bashcompinit\n")
		bashCompletion(w, cmds)
	case "fish":
		fishCompletion(w, cmds)
	default:
		return Usagef("completion: shell %q: want bash, zsh or fish", shell)
	}
	return nil
}

func flagNames(fs *flag.FlagSet) []string {
	var names []string
	if fs != nil {
		fs.VisitAll(func(f *flag.Flag) { names = append(names, "--"+f.Name) })
	}
	return append(names, "--help")
}

func commandNames(cmds []Command) string {
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = c.Name
	}
	return strings.Join(names, " ")
}

func bashCompletion(w io.Writer, cmds []Command) {
	fmt.Fprintf(w, `# salvage completion (bash); source it: source <(salvage completion bash)
_salvage() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "%s --help --version" -- "$cur"))
        return
    fi
    local flags=""
    case "${COMP_WORDS[1]}" in
`, commandNames(cmds))
	for _, c := range cmds {
		fmt.Fprintf(w, "        %s) flags=%q ;;\n", c.Name, strings.Join(flagNames(c.Flags), " "))
	}
	fmt.Fprint(w, `    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o default -F _salvage salvage
`)
}

func fishCompletion(w io.Writer, cmds []Command) {
	fmt.Fprint(w, "# salvage completion (fish); salvage completion fish > ~/.config/fish/completions/salvage.fish\n")
	fmt.Fprintf(w, "complete -c salvage -n __fish_use_subcommand -f -a %q\n", commandNames(cmds))
	for _, c := range cmds {
		if c.Flags == nil {
			continue
		}
		c.Flags.VisitAll(func(f *flag.Flag) {
			_, usage := flag.UnquoteUsage(f)
			fmt.Fprintf(w, "complete -c salvage -n '__fish_seen_subcommand_from %s' -l %s -d %s\n", c.Name, f.Name, fishQuote(usage))
		})
	}
}

// fishQuote quotes s for fish in single quotes.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
