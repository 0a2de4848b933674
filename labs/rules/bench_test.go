package rules_test

import (
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/distlab/distlab/labs/rules"
)

// BenchmarkCheck measures what the rules check adds before a lab's
// tests: checking one student package of this tree (go list, parsing,
// type-checking, the rules), against BenchmarkGoList, the go list it
// starts with, as the baseline.
func BenchmarkCheck(b *testing.B) {
	for _, s := range rules.Students() {
		b.Run(s, func(b *testing.B) {
			for b.Loop() {
				if _, err := rules.Check(moduleRoot, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkGoList(b *testing.B) {
	for _, s := range rules.Students() {
		b.Run(s, func(b *testing.B) {
			for b.Loop() {
				cfg := &packages.Config{Mode: packages.NeedName | packages.NeedFiles, Dir: moduleRoot}
				if _, err := packages.Load(cfg, "./"+s+"/..."); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
