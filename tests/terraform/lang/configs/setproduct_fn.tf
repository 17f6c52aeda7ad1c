output "p" { value = setproduct(["a", "b"], [1, 2]) }
