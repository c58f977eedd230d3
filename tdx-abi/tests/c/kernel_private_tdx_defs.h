/*
 * Definitions spelled as the Linux kernel's private TDX headers spell them (the host
 * code's arch/x86/virt/vmx/tdx/tdx.h and KVM's arch/x86/kvm/vmx/tdx_arch.h), for the
 * coexistence test of tdx_abi.h. Names, values and spellings are the kernel's; the
 * structs keep only their tags (their members are beside the point: the header must
 * not define a struct of the same tag).
 */
#ifndef KERNEL_PRIVATE_TDX_DEFS_H
#define KERNEL_PRIVATE_TDX_DEFS_H

#ifndef BIT
#define BIT(nr)		(1UL << (nr))
#endif

/* torvalds/linux arch/x86/virt/vmx/tdx/tdx.h @ 099d7e9bea82 */
#define TDH_MNG_ADDCX			1
#define TDH_MEM_PAGE_ADD		2
#define TDH_MEM_SEPT_ADD		3
#define TDH_VP_ADDCX			4
#define TDH_MEM_PAGE_AUG		6
#define TDH_MEM_RANGE_BLOCK		7
#define TDH_MNG_KEY_CONFIG		8
#define TDH_MNG_CREATE			9
#define TDH_MNG_RD			11
#define TDH_MR_EXTEND			16
#define TDH_MR_FINALIZE			17
#define TDH_VP_FLUSH			18
#define TDH_MNG_VPFLUSHDONE		19
#define TDH_VP_CREATE			10
#define TDH_MNG_KEY_FREEID		20
#define TDH_MNG_INIT			21
#define TDH_VP_INIT			22
#define TDH_PHYMEM_PAGE_RDMD		24
#define TDH_VP_RD			26
#define TDH_PHYMEM_PAGE_RECLAIM		28
#define TDH_MEM_PAGE_REMOVE		29
#define TDH_SYS_KEY_CONFIG		31
#define TDH_SYS_INIT			33
#define TDH_SYS_RD			34
#define TDH_SYS_LP_INIT			35
#define TDH_SYS_TDMR_INIT		36
#define TDH_MEM_TRACK			38
#define TDH_PHYMEM_CACHE_WB		40
#define TDH_PHYMEM_PAGE_WBINVD		41
#define TDH_VP_WR			43
#define TDH_SYS_CONFIG			45
#define TDX_VERSION_SHIFT		16
struct tdmr_reserved_area { unsigned long long kernel_tag_only; };
struct tdmr_info { unsigned long long kernel_tag_only; };
#define TDX_FEATURES0_NO_RBP_MOD	BIT(18)

/* torvalds/linux arch/x86/kvm/vmx/tdx_arch.h @ 0d20742b8e6b */
struct tdx_cpuid_value { unsigned int kernel_tag_only; };
#define TDX_TD_ATTR_DEBUG		BIT_ULL(0)
#define TDX_TD_ATTR_SEPT_VE_DISABLE	BIT_ULL(28)
#define TDX_TD_ATTR_PKS			BIT_ULL(30)
#define TDX_TD_ATTR_KL			BIT_ULL(31)
#define TDX_TD_ATTR_PERFMON		BIT_ULL(63)
struct td_params { unsigned long long kernel_tag_only; };
#define TDX_CONFIG_FLAGS_MAX_GPAW      BIT_ULL(0)
#define TDX_CONFIG_FLAGS_NO_RBP_MOD	BIT_ULL(2)
#define MD_FIELD_ID_FEATURES0_TOPOLOGY_ENUM	BIT_ULL(20)
#define TD_MD_FIELD_ID_CPUID_VALUES		0x9410000300000000ULL

#endif
