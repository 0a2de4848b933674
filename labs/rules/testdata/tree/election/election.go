// Package election holds the map-order cases (maporder.go).
package election
