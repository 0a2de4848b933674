module github.com/distlab/distlab

go 1.26.0
