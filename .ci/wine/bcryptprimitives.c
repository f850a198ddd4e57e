/* Test scaffolding for the Wine smoke test only (never shipped): Wine 8 lacks
 * bcryptprimitives.dll, whose ProcessPrng Rust's std imports on Windows 10+.
 * This stub forwards to RtlGenRandom (SystemFunction036 in advapi32). */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
