// Command distlab-vet checks the rules of distlab's student packages, as
// a go vet tool:
//
//	go build -o /tmp/distlab-vet ./labs/rules/cmd/distlab-vet
//	go vet -vettool=/tmp/distlab-vet ./election/...
//
// See package rules for the rules and labs/README.md for why they exist.
package main

import (
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/distlab/distlab/labs/rules"
)

func main() { unitchecker.Main(rules.Analyzer) }
