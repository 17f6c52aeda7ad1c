// hclparse: the parse benchmark's peer (bench/parse/run).  Parses FILE with
// HashiCorp's native-syntax parser, hclsyntax.ParseConfig, and prints the
// seconds the parse took; exit status 1 when the file has errors.  Nothing
// else: no decoding, no evaluation.  Built offline in GOPATH mode from
// Debian's golang-github-hashicorp-hcl-v2-dev, never committed as a binary.
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: hclparse FILE")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	start := time.Now()
	_, diags := hclsyntax.ParseConfig(src, os.Args[1], hcl.InitialPos)
	fmt.Printf("%.3f\n", time.Since(start).Seconds())
	if diags.HasErrors() {
		fmt.Fprintln(os.Stderr, diags.Error())
		os.Exit(1)
	}
}
