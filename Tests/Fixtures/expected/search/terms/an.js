handbookSearchLoaded("terms/an",{"analyst":[19,57,20,57,21,57,8,50,2,10,3,10,7,8,25,4,0,1],"analysts":[8,2,11,1]});
