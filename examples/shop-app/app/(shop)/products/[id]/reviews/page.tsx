export default function Reviews() { return <section>Reviews</section> }
