// Intercepting route: shows the product in a modal on soft navigation only.
export default function ProductModal() {
  return <dialog open>Quick view</dialog>
}
