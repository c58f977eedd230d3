//! The host leaves served through the generated dispatch: each handler gets
//! its stub's input struct, decoded from the registers the tables name, and
//! takes the list type of a list input from that struct's field, so neither a
//! register nor a list type is named here.

use super::codec::{GuestListCodec, LinkedCodec, ListCodec};
use super::module::SimModule;
use crate::dispatch::seamcall::*;
use crate::dispatch::{Outcome, Refused, UNKNOWN_LEAF};
use tdx_abi::leaves::{export, ext, ide, mng, phymem, quote, spdm, sys};
use tdx_abi::{leaf, Layout, LinkedPageList, PageList, PhysAddr, TdxStatus};
use tdx_page_array::HostPageList;

/// The codec of the list type `value` has.
fn codec<L: HostPageList>(_: &L) -> ListCodec {
    ListCodec::of::<L>()
}

/// `bits` as a value of `like`'s list type.
fn same_type<L: Layout>(_like: &L, bits: u64) -> L {
    L::from_bits(bits)
}

fn linked_codec<L: LinkedPageList>(_: &L) -> LinkedCodec {
    LinkedCodec::of::<L>()
}

fn guest_codec<L: PageList<ListAddr = PhysAddr>>(_: &L) -> GuestListCodec {
    GuestListCodec::of::<L>()
}

impl SimModule {
    /// tdx-abi's list leaves are not served by a bare module.
    fn list_leaves(&self) -> Result<(), TdxStatus> {
        if self.tdx_list_leaves {
            Ok(())
        } else {
            Err(UNKNOWN_LEAF)
        }
    }

    /// A new object of `kind` (its create leaf) holding the control pages `list` names: its handle.
    fn create_from<L: HostPageList>(&mut self, kind: u16, list: L) -> Result<u64, TdxStatus> {
        self.create(ListCodec::of::<L>(), kind, list.into_bits())
    }

    /// Releases object `id` of `kind`: the released pages, as the delete leaf's output type.
    fn release_as<L: HostPageList>(&mut self, kind: u16, id: u64, input: u64) -> Result<L, TdxStatus> {
        self.delete(ListCodec::of::<L>(), kind, id, input).map(L::from_bits)
    }
}

impl SeamcallLeaves for SimModule {
    fn tdh_ext_mem_add(&mut self, input: &ext::TdhExtMemAddIn) -> Outcome<TdhExtMemAddReply> {
        self.list_leaves()?;
        let pages = input.pages;
        match self.gift(codec(&pages), pages.into_bits())? {
            None => Ok(TdhExtMemAddReply { pages }),
            Some(moved) => {
                let reply = TdhExtMemAddReply { pages: same_type(&pages, moved) };
                Err(Refused::with_outputs(TdxStatus::INTERRUPTED_RESUMABLE, reply))
            }
        }
    }

    fn tdh_spdm_create(&mut self, input: &spdm::TdhSpdmCreateIn) -> Outcome<TdhSpdmCreateReply> {
        self.list_leaves()?;
        let spdm_id = self.create_from(leaf::TDH_SPDM_CREATE, input.spdm_mt)?;
        Ok(TdhSpdmCreateReply { spdm_id })
    }

    fn tdh_spdm_delete(&mut self, input: &spdm::TdhSpdmDeleteIn) -> Outcome<TdhSpdmDeleteReply> {
        self.list_leaves()?;
        let released = self.release_as(leaf::TDH_SPDM_CREATE, input.spdm_id, input.release)?;
        Ok(TdhSpdmDeleteReply { released })
    }

    fn tdh_ide_stream_create(&mut self, input: &ide::TdhIdeStreamCreateIn) -> Outcome<TdhIdeStreamCreateReply> {
        self.list_leaves()?;
        let stream_id = self.create_from(leaf::TDH_IDE_STREAM_CREATE, input.stream_mt)?;
        Ok(TdhIdeStreamCreateReply { stream_id, ..Default::default() })
    }

    fn tdh_ide_stream_delete(&mut self, input: &ide::TdhIdeStreamDeleteIn) -> Outcome<TdhIdeStreamDeleteReply> {
        self.list_leaves()?;
        let released = self.release_as(leaf::TDH_IDE_STREAM_CREATE, input.stream_id, input.release)?;
        Ok(TdhIdeStreamDeleteReply { released })
    }

    fn tdh_spdm_connect(&mut self, input: &spdm::TdhSpdmConnectIn) -> Outcome<TdhSpdmConnectReply> {
        self.list_leaves()?;
        let len = self.shared(codec(&input.spdm_out), input.spdm_out.into_bits(), leaf::TDH_SPDM_CONNECT)?;
        Ok(TdhSpdmConnectReply { req_or_out_len: len })
    }

    fn tdh_quote_get(&mut self, input: &quote::TdhQuoteGetIn) -> Outcome<TdhQuoteGetReply> {
        self.list_leaves()?;
        let buf = input.quote_buf;
        let quote_len = self.linked(linked_codec(&buf), buf.into_bits(), leaf::TDH_QUOTE_GET)?;
        Ok(TdhQuoteGetReply { quote_len })
    }

    fn tdh_export_blockw(&mut self, input: &export::TdhExportBlockwIn) -> Outcome<TdhExportBlockwReply> {
        self.list_leaves()?;
        self.guest_list(guest_codec(&input.gpa_list), input.gpa_list.into_bits())?;
        Ok(TdhExportBlockwReply {})
    }

    fn tdh_phymem_page_wbinvd(&mut self, input: &phymem::TdhPhymemPageWbinvdIn) -> Outcome<TdhPhymemPageWbinvdReply> {
        self.wbinvd(input.keyed_page)?;
        Ok(TdhPhymemPageWbinvdReply {})
    }

    fn tdh_mng_create(&mut self, input: &mng::TdhMngCreateIn) -> Outcome<TdhMngCreateReply> {
        self.mng_create(input)
    }

    fn tdh_mng_key_config(&mut self, input: &mng::TdhMngKeyConfigIn) -> Outcome<TdhMngKeyConfigReply> {
        self.mng_key_config(input)
    }

    fn tdh_mng_addcx(&mut self, input: &mng::TdhMngAddcxIn) -> Outcome<TdhMngAddcxReply> {
        self.mng_addcx(input)
    }

    fn tdh_mng_init(&mut self, input: &mng::TdhMngInitIn) -> Outcome<TdhMngInitReply> {
        self.mng_init(input)
    }

    fn tdh_mng_rd(&mut self, input: &mng::TdhMngRdIn) -> Outcome<TdhMngRdReply> {
        self.mng_rd(input)
    }

    fn tdh_mng_wr(&mut self, input: &mng::TdhMngWrIn) -> Outcome<TdhMngWrReply> {
        self.mng_wr(input)
    }

    fn tdh_sys_rd(&mut self, input: &sys::TdhSysRdIn) -> Outcome<TdhSysRdReply> {
        self.sys_rd(input)
    }
}
