# What the benchmark scripts share; sourced, never run.

# The wall clock in microseconds (bash 5's EPOCHREALTIME, no fork).
now_us() { echo "${EPOCHREALTIME/./}"; }

# The median of the numbers in file $1, one a line.
median() {
    sort -n "$1" | awk '{a[NR] = $1}
        END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}
