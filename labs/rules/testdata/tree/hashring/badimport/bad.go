// Package badimport imports a directory that go's ./... patterns skip.
package badimport

import _ "github.com/distlab/distlab/hashring/_x" // want `^import: import "github.com/distlab/distlab/hashring/_x": directories named testdata or starting with _ or . hold no importable code`
