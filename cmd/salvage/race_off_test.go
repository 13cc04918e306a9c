//go:build !race

package main

const manyLinksCount = 100_000
