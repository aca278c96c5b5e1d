// Command template-cases renders the cases of src/test/resources/template/cases.yaml with Go's own text/template,
// on data shaped like Polycrate's (its struct and field names), and reports every case where Go does not do what
// the file says: the check that GoTemplateTest's expectations are Go's. Usage: go run . <cases.yaml>
package main

import (
	"bytes"
	"fmt"
	"os"
	"text/template"

	"gopkg.in/yaml.v3"
)

type WorkspaceConfig struct {
	Globals map[string]interface{}
}

type Workspace struct {
	Name   string
	Config WorkspaceConfig
}

type BlockWorkdir struct {
	Path string
}

type Block struct {
	Name    string
	Config  map[string]interface{}
	From    string
	Workdir BlockWorkdir
}

type Action struct {
	Name string
}

type WorkspaceSnapshot struct {
	Workspace *Workspace
	Block     *Block
	Action    *Action
}

type testCase struct {
	Template string  `yaml:"template"`
	Output   *string `yaml:"output"`
	Problem  string  `yaml:"problem"`
	Go       *string `yaml:"go"`
}

type file struct {
	Globals map[string]interface{} `yaml:"globals"`
	Config  map[string]interface{} `yaml:"config"`
	Cases   []testCase             `yaml:"cases"`
}

func main() {
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var f file
	if err := yaml.Unmarshal(raw, &f); err != nil {
		panic(err)
	}
	data := WorkspaceSnapshot{
		Workspace: &Workspace{Name: "acme", Config: WorkspaceConfig{Globals: f.Globals}},
		Block:     &Block{Name: "db", Config: f.Config, Workdir: BlockWorkdir{Path: "/workspace/blocks/db"}},
	}
	failures := 0
	for _, c := range f.Cases {
		out, err := render(c.Template, data)
		want := ""
		ok := false
		switch {
		case c.Output != nil:
			want = "output " + *c.Output
			ok = err == nil && out == *c.Output
		case c.Go != nil && *c.Go == "error":
			want = "an error"
			ok = err != nil
		case c.Go != nil && *c.Go == "output":
			want = "some output"
			ok = err == nil
		case c.Go != nil:
			want = "output " + *c.Go
			ok = err == nil && out == *c.Go
		default:
			want = "a `go:` entry"
		}
		if !ok {
			failures++
			fmt.Printf("MISMATCH %q: want %s, Go gives output %q, error %v\n", c.Template, want, out, err)
		}
	}
	fmt.Printf("%d cases, %d mismatches\n", len(f.Cases), failures)
	if failures > 0 {
		os.Exit(1)
	}
}

func render(text string, data interface{}) (string, error) {
	t, err := template.New("script-line").Parse(text)
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	err = t.Execute(&out, data)
	return out.String(), err
}
