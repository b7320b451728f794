// Transparent huge pages for a range of memory (Linux madvise); a no-op elsewhere.
#pragma once

#include <cstddef>

namespace layerloom {

// Advises 2 MB pages for [start, start + bytes), shrunk to whole 2 MB pages. True if the OS took the advice.
bool adviseHugePages(void* start, size_t bytes);

}  // namespace layerloom
