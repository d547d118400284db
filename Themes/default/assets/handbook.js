// filled in by the search and navigation work
