// CLibcurlOnDemand has nothing to import: it defines the libcurl functions that the static Foundation calls, for the
// linker (LibcurlOnDemand.c).
