package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/napkin-calc/napkin/estimate/web"
	"github.com/spf13/cobra"
)

func newServeCmd(o *options) *cobra.Command {
	var addr, export string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve a web page for estimates, with live results and histograms",
		Long: `Serve a web page for estimates: an editor with each statement's result
beside it, updated as you type, the reference tables and the examples.
It also serves the JSON API the page uses (see the README). It binds to
the loopback address unless told otherwise, and stops on Ctrl-C.

--export DIR writes the same page as a static site instead, for hosting
without napkin: index.html, app.js, style.css, and napkin.wasm, napkin's
engine compiled to WebAssembly, which worker.js runs off the page's
thread, with Go's wasm_exec.js to load it; the page stops a run at the
server's deadline. The host must send .wasm files as application/wasm. Building napkin.wasm
needs the go command and napkin's source: run it in a napkin checkout.
DIR is created if missing; it must be empty or hold an earlier export,
which is replaced.`,
		Example: `  napkin serve
  napkin serve --addr 127.0.0.1:9000
  napkin serve --export site/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.noSets(cmd); err != nil {
				return err
			}
			if cmd.Flags().Changed("export") {
				return exportPage(cmd, export)
			}
			if _, err := o.session(); err != nil { // checks --digits and --samples
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return usageErrorf("--addr %s: %v", addr, err)
			}
			if !loopback(ln.Addr()) {
				fmt.Fprintf(cmd.ErrOrStderr(), "napkin: warning: serving on %s, reachable from other machines; --addr 127.0.0.1:8723 keeps it local\n", ln.Addr())
			}
			opt := web.Options{Samples: o.samples, Seed: o.seed}
			if o.digitsGiven {
				opt.Digits = o.digits
			}
			srv := &http.Server{
				Handler:           web.Handler(opt),
				ReadHeaderTimeout: 5 * time.Second,
				ReadTimeout:       10 * time.Second,
				WriteTimeout:      30 * time.Second,
				IdleTimeout:       2 * time.Minute,
				MaxHeaderBytes:    64 << 10,
			}
			fmt.Fprintf(cmd.OutOrStdout(), "napkin: serving on %s (Ctrl-C stops it)\n", pageURL(ln.Addr()))
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			served := make(chan error, 1)
			go func() { served <- srv.Serve(ln) }()
			select {
			case err := <-served:
				return &exitError{code: exitFail, msg: err.Error()}
			case <-ctx.Done():
			}
			shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := srv.Shutdown(shut); err != nil {
				return &exitError{code: exitFail, msg: "stopping the server: " + err.Error()}
			}
			if err := <-served; !errors.Is(err, http.ErrServerClosed) {
				return &exitError{code: exitFail, msg: err.Error()}
			}
			fmt.Fprintln(cmd.OutOrStdout(), "napkin: stopped")
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8723", "address to listen on, host:port")
	cmd.Flags().StringVar(&export, "export", "", "write the page as a static site into `DIR` instead of serving it")
	return cmd
}

// exportPage writes the static page into dir and lists what it wrote.
func exportPage(cmd *cobra.Command, dir string) error {
	if dir == "" {
		return usageErrorf("--export wants a directory")
	}
	for _, f := range []string{"addr", "samples", "seed", "digits"} {
		if cmd.Flags().Changed(f) {
			return usageErrorf("--export takes no --%s: the static page runs with the defaults", f)
		}
	}
	files, err := web.Export(cmd.Context(), dir, web.ExportOptions{Building: func() {
		fmt.Fprintln(cmd.ErrOrStderr(), "napkin: building the page's engine: GOOS=js GOARCH=wasm go build (about 30 s the first time)")
	}})
	var ee *web.ExportError
	if errors.As(err, &ee) {
		e := &exitError{code: exitFail, msg: "--export: " + ee.Msg}
		if ee.Hint != "" {
			e.text = "napkin: hint: " + ee.Hint + "\n"
		}
		return e
	}
	if err != nil {
		return &exitError{code: exitFail, msg: "--export: " + err.Error()}
	}
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "napkin: wrote the static page to %s:\n", dir)
	var total, gz int64
	for _, f := range files {
		fmt.Fprintf(w, "  %-13s %9s  %9s gzipped\n", f.Name, humanize.Bytes(uint64(f.Size)), humanize.Bytes(uint64(f.Gzipped)))
		total, gz = total+f.Size, gz+f.Gzipped
	}
	fmt.Fprintf(w, "  %-13s %9s  %9s gzipped\n", "total", humanize.Bytes(uint64(total)), humanize.Bytes(uint64(gz)))
	return nil
}

// loopback reports whether a listener's address is reachable only from
// this machine.
func loopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// pageURL is the address to open the page at: on every interface, this
// machine's.
func pageURL(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if ok && tcp.IP.IsUnspecified() {
		return fmt.Sprintf("http://localhost:%d/", tcp.Port)
	}
	return "http://" + a.String() + "/"
}
