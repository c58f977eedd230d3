//! Arrays longer than a list page, lent as one chain of HPA_LINKED_LIST nodes
//! (the quote buffer of TDH.QUOTE.GET): the simulated module walks the chain
//! through simulated memory and sees exactly the pages, in order, for any
//! length; a short node supply or a bad first node is refused before anything
//! reaches the module.

use proptest::prelude::*;
use tdx_abi::leaves::quote::{tdh_quote_get, TdhQuoteGetIn};
use tdx_abi::{HpaLinkedList, LinkedPageList, PhysAddr, NODE_SLOTS};
use tdx_page_array::{LinkError, ListPage, PageArray};
use tdx_sim::host::Sim;

/// Lends `n` pages as a chain; returns the length the module reports and the node pages.
fn lend(sim: &Sim, n: usize) -> (u64, Vec<PhysAddr>, Vec<PhysAddr>) {
    let mut provider = sim.provider();
    let mut module = sim.module();
    let array = PageArray::alloc(&mut provider, Vec::new(), n).unwrap();
    let mut nodes: Vec<ListPage> =
        (0..HpaLinkedList::nodes_for(n)).map(|_| ListPage::alloc(&mut provider).unwrap()).collect();
    let len = array
        .lend_linked::<HpaLinkedList, _, _>(&mut provider, &mut nodes, |quote_buf| {
            let input = TdhQuoteGetIn { quote_buf, total_len: n as u64 * 4096, ..TdhQuoteGetIn::default() };
            tdh_quote_get(&mut module, &input).map(|o| o.quote_len)
        })
        .unwrap()
        .unwrap();
    let (pages, node_addrs) = (array.pages().to_vec(), nodes.iter().map(ListPage::addr).collect());
    array.free(&mut provider);
    nodes.into_iter().for_each(|node| node.free(&mut provider));
    (len, pages, node_addrs)
}

#[test]
fn nodes_hold_511_pages_then_the_next_node_and_all_ones_end_the_chain() {
    assert_eq!((HpaLinkedList::DATA_PER_NODE, HpaLinkedList::TERMINATOR), (511, u64::MAX));
    let node = PhysAddr::new(0x5000).unwrap();
    assert_eq!(HpaLinkedList::encode_first_node(node).map(HpaLinkedList::first_node), Ok(node));
    let misaligned = PhysAddr::new(0x5008).unwrap();
    assert!(matches!(
        HpaLinkedList::encode_first_node(misaligned),
        Err(tdx_abi::ListError::Misaligned { addr: 0x5008, .. })
    ));
    let sim = Sim::new();
    let (len, pages, nodes) = lend(&sim, 513);
    assert_eq!((len, nodes.len()), (513 * 4096, 2));
    assert_eq!(sim.read(nodes[0], 0), pages[0].as_u64());
    assert_eq!(sim.read(nodes[0], 511), nodes[1].as_u64(), "the last slot links the next node");
    assert_eq!((sim.read(nodes[1], 0), sim.read(nodes[1], 1)), (pages[511].as_u64(), pages[512].as_u64()));
    assert!((2..NODE_SLOTS).all(|slot| sim.read(nodes[1], slot) == u64::MAX), "unused slots and the end are all ones");
    assert_eq!(sim.stats().violations, vec![]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_module_walks_exactly_the_pages_in_order_for_any_length(n in 0usize..2100) {
        let sim = Sim::new();
        let (len, pages, nodes) = lend(&sim, n);
        prop_assert_eq!(len, n as u64 * 4096);
        prop_assert_eq!(nodes.len(), n.div_ceil(511).max(1));
        // The module wrote page i's index into it: it saw every page, in order.
        for (i, page) in pages.iter().enumerate() {
            prop_assert_eq!(sim.read(*page, 0) & 0xffff_ffff, i as u64);
        }
        let stats = sim.stats();
        prop_assert_eq!((stats.host_live, stats.violations.len()), (0, 0));
    }
}

#[test]
fn too_few_nodes_are_refused_before_anything_is_written() {
    let sim = Sim::new();
    let mut provider = sim.provider();
    let array = PageArray::alloc(&mut provider, Vec::new(), 1200).unwrap();
    let mut nodes = vec![ListPage::alloc(&mut provider).unwrap(), ListPage::alloc(&mut provider).unwrap()];
    let result = array.lend_linked::<HpaLinkedList, _, _>(&mut provider, &mut nodes, |_| ());
    assert_eq!(result, Err(LinkError::TooFewNodes { needed: 3, given: 2 }));
    assert!((0..NODE_SLOTS).all(|slot| sim.read(nodes[0].addr(), slot) == 0), "nothing written");
    array.free(&mut provider);
    nodes.into_iter().for_each(|node| node.free(&mut provider));
    assert_eq!(sim.stats().host_live, 0);
}

#[test]
fn the_module_refuses_a_chain_that_loops() {
    let sim = Sim::new();
    let mut provider = sim.provider();
    let mut module = sim.module();
    let array = PageArray::alloc(&mut provider, Vec::new(), 600).unwrap();
    let mut nodes = vec![ListPage::alloc(&mut provider).unwrap(), ListPage::alloc(&mut provider).unwrap()];
    let quote_buf = array.lend_linked::<HpaLinkedList, _, _>(&mut provider, &mut nodes, |v| v).unwrap();
    let input = TdhQuoteGetIn { quote_buf, ..TdhQuoteGetIn::default() };
    assert_eq!(tdh_quote_get(&mut module, &input).map(|o| o.quote_len), Ok(600 * 4096), "intact, it is walked");
    // The second node's end is rewritten to link back to the first: the module must not walk forever.
    let first = quote_buf.first_node();
    let second = PhysAddr::new(sim.read(first, 511)).unwrap();
    sim.write(second, 511, first.as_u64());
    let err = tdh_quote_get(&mut module, &input).unwrap_err();
    assert_eq!(err.status, tdx_abi::TdxStatus::OPERAND_INVALID);
    array.free(&mut provider);
    nodes.into_iter().for_each(|node| node.free(&mut provider));
}
