// Package hashring holds the cases of the import, call and state rules.
package hashring
