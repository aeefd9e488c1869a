package web

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/napkin-calc/napkin/estimate/web/api"
)

// Module is napkin's module path: Export builds the page's engine from
// a checkout of it.
const Module = "github.com/napkin-calc/napkin"

// wasmMain is the engine's main package for the static page, in Module.
const wasmMain = "./estimate/web/wasm"

// exportFiles are the files Export writes, and the only ones it
// accepts in a directory that is not empty, so exporting again into
// the same directory replaces an export and nothing else.
func exportFiles() []string {
	return []string{"index.html", "app.js", "style.css", "worker.js", "wasm_exec.js", "napkin.wasm"}
}

// ExportError is why Export could not write the site, with a hint at
// what to do.
type ExportError struct {
	Msg  string
	Hint string
}

func (e *ExportError) Error() string { return e.Msg }

// ExportOptions adjust Export; the zero value is usable.
type ExportOptions struct {
	// Building, if set, is called before the go command builds the
	// engine, which takes a while the first time.
	Building func()
	// Timeout is how long the page lets a run take before it stops the
	// engine and says so; zero for the server's (api.Options.Timeout).
	Timeout time.Duration
}

// Exported is a file Export wrote, with its size and its size gzipped,
// as a host would serve it.
type Exported struct {
	Name    string
	Size    int64
	Gzipped int64
}

// Export writes the page into dir as a static site that needs no
// server: the same page and script as Handler serves, with the engine
// compiled to WebAssembly (napkin.wasm, package wasm) answering the
// API in the browser in a Web Worker (worker.js), and Go's
// wasm_exec.js to load it there. Any web server that sends .wasm files
// as application/wasm can host it.
//
// The napkin binary does not hold its own WebAssembly build, so Export
// runs the go command, GOOS=js GOARCH=wasm go build, in the napkin
// checkout that holds the current directory: it fails without one.
// It creates dir if it is missing; a dir that holds files other than
// those it writes is refused; an earlier export there is replaced.
func Export(ctx context.Context, dir string, o ExportOptions) (_ []Exported, err error) {
	if err := exportDir(dir); err != nil {
		return nil, err
	}
	if _, serr := os.Stat(dir); errors.Is(serr, fs.ErrNotExist) {
		// A failed export leaves no directory it made behind.
		defer func() {
			if err != nil {
				os.RemoveAll(dir)
			}
		}()
	}
	gocmd, err := exec.LookPath("go")
	if err != nil {
		return nil, &ExportError{Msg: "export builds the page's engine with Go, and there is no go command on the PATH",
			Hint: "install Go (https://go.dev/dl/), then run napkin serve --export in a napkin checkout"}
	}
	root, err := checkout(ctx, gocmd)
	if err != nil {
		return nil, err
	}
	goroot, err := goOutput(ctx, gocmd, root, "env", "GOROOT")
	if err != nil {
		return nil, err
	}
	var wasmExec []byte
	for _, at := range []string{"lib/wasm/wasm_exec.js", "misc/wasm/wasm_exec.js"} { // Go 1.24 moved it
		if wasmExec, err = os.ReadFile(filepath.Join(goroot, at)); err == nil {
			break
		}
	}
	if err != nil {
		return nil, &ExportError{Msg: fmt.Sprintf("no wasm_exec.js in the Go installation at %s", goroot),
			Hint: "reinstall Go; the page needs the loader that matches the go command's version"}
	}
	if err := writable(dir); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "napkin-export-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	wasm := filepath.Join(tmp, "napkin.wasm")
	if o.Building != nil {
		o.Building()
	}
	build := exec.CommandContext(ctx, gocmd, "build", "-trimpath", "-o", wasm, wasmMain)
	build.Dir = root
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, &ExportError{Msg: fmt.Sprintf("building napkin.wasm in %s failed: %v\n%s", root, err, bytes.TrimSpace(out)),
			Hint: "GOOS=js GOARCH=wasm go build " + wasmMain + " there shows the same"}
	}
	engine, err := os.ReadFile(wasm)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{"wasm_exec.js": wasmExec, "napkin.wasm": engine}
	for name, text := range StaticPage(o.Timeout) {
		files[name] = text
	}
	var out []Exported
	for _, name := range exportFiles() {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return nil, &ExportError{Msg: "cannot write " + unwrapPath(err).Error()}
		}
		var gz countWriter
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		_, _ = zw.Write(files[name])
		_ = zw.Close()
		out = append(out, Exported{Name: name, Size: int64(len(files[name])), Gzipped: gz.n})
	}
	return out, nil
}

// StaticPage returns the page's own files for the static site: the
// served page's, with index.html loading the WebAssembly engine and
// giving its runs a deadline (zero for the server's), and the worker
// that runs the engine off the page's thread.
func StaticPage(timeout time.Duration) map[string][]byte {
	files := map[string][]byte{}
	for _, name := range []string{"index.html", "app.js", "style.css", "worker.js"} {
		b, err := assets.ReadFile("assets/" + name)
		if err != nil {
			panic(err) // embedded
		}
		files[name] = b
	}
	const script = `<script src="app.js" defer></script>`
	page := string(files["index.html"])
	if !strings.Contains(page, script) {
		panic("index.html does not load app.js as " + script)
	}
	// The first meta tag tells app.js to send its requests to the
	// worker, and the second how long a run may take there and what the
	// server answers to one that takes longer, which the page shows as
	// its own answer. A static host sends no headers, so the page brings
	// its own policy, the server's but for running WebAssembly.
	deadline, tooLong := api.New(api.Options{Timeout: timeout}).Deadline()
	var answer bytes.Buffer
	if err := json.Compact(&answer, tooLong); err != nil {
		panic(err) // the API's own JSON
	}
	files["index.html"] = []byte(strings.Replace(page, script, fmt.Sprintf(`<meta name="napkin-engine" content="wasm">
<meta name="napkin-deadline" content="%d" data-answer="%s">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'">
`, deadline.Milliseconds(), html.EscapeString(answer.String()))+script, 1))
	return files
}

// exportDir checks that dir is missing or a directory that holds
// nothing but an earlier export.
func exportDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		if info, serr := os.Stat(dir); serr == nil && !info.IsDir() {
			return &ExportError{Msg: fmt.Sprintf("%s is not a directory", dir), Hint: "export into a new or empty directory"}
		}
		return &ExportError{Msg: "cannot read " + unwrapPath(err).Error()}
	}
	var others []string
	for _, e := range entries {
		if !slices.Contains(exportFiles(), e.Name()) || !e.Type().IsRegular() {
			others = append(others, e.Name())
		}
	}
	if len(others) > 0 {
		if len(others) > 3 {
			others = append(others[:3], "…")
		}
		return &ExportError{Msg: fmt.Sprintf("%s is not empty: it holds %s, which export does not write", dir, strings.Join(others, ", ")),
			Hint: "export into a new or empty directory, or one an earlier export wrote"}
	}
	return nil
}

// writable creates dir if need be and checks files can be written in it.
func writable(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &ExportError{Msg: "cannot create " + unwrapPath(err).Error()}
	}
	probe, err := os.CreateTemp(dir, ".napkin-export-")
	if err != nil {
		return &ExportError{Msg: fmt.Sprintf("cannot write in %s: %v", dir, errors.Unwrap(err))}
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// checkout finds the root of the napkin checkout around the current
// directory.
func checkout(ctx context.Context, gocmd string) (string, error) {
	hint := "run napkin serve --export inside a checkout of napkin's source: git clone https://" + Module
	gomod, err := goOutput(ctx, gocmd, "", "env", "GOMOD")
	if err != nil {
		return "", err
	}
	wd, _ := os.Getwd()
	if gomod == "" || gomod == os.DevNull {
		return "", &ExportError{Msg: fmt.Sprintf("export builds the page's engine from napkin's source, and %s is not in a Go module", wd), Hint: hint}
	}
	path, err := modulePath(gomod)
	if err != nil {
		return "", &ExportError{Msg: "cannot read " + gomod + ": " + unwrapPath(err).Error(), Hint: hint}
	}
	if path != Module {
		return "", &ExportError{Msg: fmt.Sprintf("export builds the page's engine from napkin's source, and %s is in module %s, not %s", wd, path, Module), Hint: hint}
	}
	return filepath.Dir(gomod), nil
}

// modulePath reads the module path from a go.mod file.
func modulePath(gomod string) (string, error) {
	f, err := os.Open(gomod)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
			rest = strings.TrimSpace(strings.SplitN(rest, "//", 2)[0])
			if p, err := strconv.Unquote(rest); err == nil {
				return p, nil
			}
			return rest, nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", errors.New("no module line")
}

// goOutput runs the go command in dir and returns its output, trimmed.
func goOutput(ctx context.Context, gocmd, dir string, args ...string) (string, error) {
	c := exec.CommandContext(ctx, gocmd, args...)
	c.Dir = dir
	var stderr bytes.Buffer
	c.Stderr = &stderr
	out, err := c.Output()
	if err != nil {
		return "", &ExportError{Msg: fmt.Sprintf("go %s failed: %v: %s", strings.Join(args, " "), err, bytes.TrimSpace(stderr.Bytes()))}
	}
	return strings.TrimSpace(string(out)), nil
}

// unwrapPath drops the operation from a file-system error, keeping the
// path and the reason.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}
