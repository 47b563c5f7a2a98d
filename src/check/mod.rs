//! CHECK: cross-references between the parts of a site: the index of every URL a link may
//! reach, output paths that collide, records that name each other, and `#anchor` links.

pub mod anchors;
pub mod index;
pub mod plan;
pub mod records;
pub mod safety;
pub mod site_links;
